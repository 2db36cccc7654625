//! The `clientele` command: the TUI (on real providers or `--demo`), and `clientele sandbox`.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use color_eyre::eyre::{WrapErr, eyre};

use clientele::cli::journal::{self, JournalArgs, JournalError};
use clientele::cli::{CannotStart, UsageError};
use clientele::config::{
    ColumnsFile, ConfigError, DEMO_COLUMNS_FILE, Paths, RateLimit, Settings, Theme,
};
use clientele::domain::ProviderId;
use clientele::event_loop::{self, RunOptions};
use clientele::sandbox::{self, Faults, SandboxOptions};
use clientele::store::now_ms;
use clientele::vault::{Vault, masked};
use clientele::{cli, demo, logging, tui};

#[derive(Debug, Parser)]
#[command(
    version,
    about = "A keyboard-driven terminal customer manager for five provider APIs"
)]
struct Cli {
    /// Run on the embedded sandbox (fake providers on loopback) instead of the configured ones.
    #[arg(long, global = true)]
    demo: bool,
    /// Config file (default: the user config directory's clientele/config.toml).
    #[arg(long, value_name = "PATH", global = true)]
    config: Option<PathBuf>,
    /// Change nothing at any provider: browse only (write keys are hidden, writes refused).
    #[arg(long, global = true)]
    read_only: bool,
    /// Start without any network: nothing is sent to any provider (no sync); the tabs browse the
    /// local mirror as the last run left it, marked offline.
    #[arg(long, global = true)]
    offline: bool,
    /// Where logs, drafts and tokens live (default: the user data directory; `--demo` uses its `demo`
    /// subdirectory).
    #[arg(long, value_name = "DIR", global = true)]
    data_dir: Option<PathBuf>,
    #[command(flatten)]
    sandbox: SandboxArgs,
    /// Panic after the first frame (tests the terminal is restored on a panic).
    #[arg(long, hide = true)]
    panic_after_first_draw: bool,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run the sandbox alone and print each provider's base URL and demo credentials.
    Sandbox {
        /// Port on 127.0.0.1 (0 picks a free one).
        #[arg(long, default_value_t = 8787)]
        port: u16,
    },
    /// Print where clientele reads its config and writes its data.
    Paths,
    /// The journal of writes, newest first: when, provider, customer, what, how it ended, and each
    /// field before and after.
    Journal(JournalArgs),
    /// The customer tokens kept in the data directory (Reportei's one-time api_token).
    Token {
        #[command(subcommand)]
        action: TokenCommand,
    },
    /// Page every provider's customers into the local mirror; exits 0 when every provider succeeded.
    Sync(cli::sync::SyncArgs),
    /// The local mirror of customers (`purge` deletes it).
    Mirror {
        #[command(subcommand)]
        action: cli::sync::MirrorCommand,
    },
    /// Find customers in the mirror, every provider's at once (or --provider's).
    Search(cli::search::SearchArgs),
    /// Write one provider's mirrored customers as CSV (or JSON lines), streamed.
    Export(cli::search::ExportArgs),
}

#[derive(Debug, Subcommand)]
enum TokenCommand {
    /// The customers whose token is kept, with the token's ends only.
    List,
    /// Print one customer's token, in full, to standard output (deliberately: keep it safe).
    Export {
        /// The customer's id (uuid).
        customer: String,
    },
}

/// The sandbox's data size and injected faults (for `--demo` and `sandbox`).
#[derive(Debug, Args)]
struct SandboxArgs {
    /// Generated customers per provider.
    #[arg(long, global = true, default_value_t = 3000, value_name = "N")]
    customers: usize,
    /// Seed of the generated data: the same seed gives the same customers.
    #[arg(long, global = true, default_value_t = 42)]
    seed: u64,
    /// Added to every sandbox response.
    #[arg(long, global = true, default_value_t = 0, value_name = "MS")]
    latency_ms: u64,
    /// Share (0–1) of sandbox requests answered with a 5xx.
    #[arg(long, global = true, default_value_t = 0.0, value_name = "SHARE")]
    error_rate: f64,
    /// Share of sandbox requests that never answer.
    #[arg(long, global = true, default_value_t = 0.0, value_name = "SHARE")]
    hang_rate: f64,
    /// Share answered with a body that is not valid JSON.
    #[arg(long, global = true, default_value_t = 0.0, value_name = "SHARE")]
    malformed_rate: f64,
    /// Share whose connection is dropped without an answer.
    #[arg(long, global = true, default_value_t = 0.0, value_name = "SHARE")]
    drop_rate: f64,
    /// Share answered 429 Too Many Requests.
    #[arg(long, global = true, default_value_t = 0.0, value_name = "SHARE")]
    rate_limit_rate: f64,
    /// A fake's rate limit, for reaching limits in seconds: `dkhardware=20/10s` (repeatable). With
    /// --demo the app paces itself to it.
    #[arg(long, global = true, value_name = "PROVIDER=N/Ss", value_parser = RateLimit::parse_flag)]
    rate_limit: Vec<(ProviderId, RateLimit)>,
    /// Failures hit only `writes` (reads load, with the latency), for trying unknown outcomes.
    #[arg(long, hide = true, value_name = "writes")]
    faults_only: Option<FaultsOnly>,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum FaultsOnly {
    Writes,
}

impl SandboxArgs {
    fn options(&self) -> SandboxOptions {
        SandboxOptions {
            customers_per_provider: self.customers,
            seed: self.seed,
            faults: Faults {
                latency_ms: self.latency_ms,
                error_rate: self.error_rate,
                hang_rate: self.hang_rate,
                malformed_rate: self.malformed_rate,
                drop_rate: self.drop_rate,
                rate_limit_rate: self.rate_limit_rate,
                only: None,
                writes_only: matches!(self.faults_only, Some(FaultsOnly::Writes)),
            },
            rate_limits: self.rate_limit.clone(),
            ..SandboxOptions::default()
        }
    }
}

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(code) => code,
        // A config problem or a bad argument is the user's to fix: one line naming what is wrong.
        Err(report)
            if report.downcast_ref::<ConfigError>().is_some()
                || report.downcast_ref::<UsageError>().is_some() =>
        {
            eprintln!("clientele: {report}");
            ExitCode::from(2)
        }
        Err(report) if report.downcast_ref::<CannotStart>().is_some() => {
            eprintln!("clientele: {report}");
            ExitCode::FAILURE
        }
        Err(report) => {
            eprintln!("{report:?}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> color_eyre::Result<ExitCode> {
    let mut paths = Paths::discover();
    if let Some(dir) = &cli.data_dir {
        paths.data_dir.clone_from(dir);
    }
    if let Some(file) = &cli.config {
        paths.config_file.clone_from(file);
    }
    if cli.demo {
        paths = paths.for_demo();
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    match cli.command {
        Some(Command::Paths) => {
            println!("config file: {}", paths.config_file.display());
            println!("data dir:    {}", paths.data_dir.display());
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Token { action }) => {
            token_command(&paths, &action).map(|()| ExitCode::SUCCESS)
        }
        Some(Command::Journal(args)) => {
            let (mut out, mut err) = (std::io::stdout().lock(), std::io::stderr());
            match journal::run(&paths.data_dir, &args, now_ms(), &mut out, &mut err) {
                Err(JournalError::Usage(usage)) => Err(usage.into()),
                other => Ok(other.map(|()| ExitCode::SUCCESS)?),
            }
        }
        Some(Command::Mirror { action }) => {
            cli::sync::mirror(&paths.data_dir, &action).map(|()| ExitCode::SUCCESS)
        }
        Some(Command::Search(args)) => {
            let (mut out, mut err) = (std::io::stdout().lock(), std::io::stderr());
            cli::search::search(&paths.data_dir, &args, &mut out, &mut err)
                .map(|()| ExitCode::SUCCESS)
        }
        Some(Command::Export(args)) => {
            cli::search::export(&paths.data_dir, &args).map(|_| ExitCode::SUCCESS)
        }
        Some(Command::Sync(ref args)) => {
            let _log = logging::init(&paths.data_dir).ok();
            // Exit 1 when any provider's sync did not complete (each said why on standard error).
            let synced = runtime.block_on(run_sync(&cli, &paths, args))?;
            Ok(if synced {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            })
        }
        Some(Command::Sandbox { port }) => {
            let _log = logging::init(&paths.data_dir).ok();
            tui::install_hooks(None)?;
            runtime
                .block_on(run_sandbox(&cli.sandbox, port))
                .map(|()| ExitCode::SUCCESS)
        }
        None => {
            let log = logging::init(&paths.data_dir).wrap_err_with(|| {
                format!("cannot write the log in {}", paths.data_dir.display())
            })?;
            tui::install_hooks(Some(&log.0))?;
            let options = RunOptions {
                data_dir: paths.data_dir.clone(),
                panic_after_first_draw: cli.panic_after_first_draw,
                offline: cli.offline,
                columns_file: Some(columns_file(&cli, &paths)),
            };
            // Ended by a signal: 128 + its number, as a shell reports a process the signal ended.
            let ending = runtime.block_on(run_tui(&cli, &paths, options))?;
            Ok(ExitCode::from(ending.exit_code()))
        }
    }
}

fn token_command(paths: &Paths, action: &TokenCommand) -> color_eyre::Result<()> {
    let vault = Vault::new(&paths.data_dir);
    let provider = ProviderId::Reportei;
    match action {
        TokenCommand::List => {
            let customers = vault.customers(provider);
            if customers.is_empty() {
                println!(
                    "No customer tokens are kept in {}.",
                    paths.data_dir.display()
                );
            }
            for customer in customers {
                let shown = vault
                    .load(provider, &customer)?
                    .map(|t| masked(&t))
                    .unwrap_or_default();
                println!("{provider}  {customer}  {shown}");
            }
        }
        TokenCommand::Export { customer } => match vault.load(provider, customer)? {
            Some(token) => println!("{}", token.expose()),
            None => return Err(eyre!("no token is kept for customer {customer}")),
        },
    }
    Ok(())
}

async fn run_sandbox(args: &SandboxArgs, port: u16) -> color_eyre::Result<()> {
    let mut options = args.options();
    options.bind.set_port(port);
    let sandbox = sandbox::start(options).await.map_err(|error| {
        CannotStart(format!(
            "cannot start the sandbox on port {port}: {error} (--port 0 picks a free one)"
        ))
    })?;
    // A closed pipe (`| head`) must not crash the server: the output is only information.
    let mut out = std::io::stdout();
    let _ = writeln!(out, "{}\nCtrl-C stops it.", sandbox.describe());
    let _ = out.flush();
    tokio::signal::ctrl_c().await?;
    sandbox.shutdown().await;
    Ok(())
}

async fn run_tui(
    cli: &Cli,
    paths: &Paths,
    options: RunOptions,
) -> color_eyre::Result<event_loop::Ending> {
    let sandbox = if cli.demo {
        Some(
            sandbox::start(cli.sandbox.options())
                .await
                .wrap_err("cannot start the demo sandbox")?,
        )
    } else {
        None
    };
    let mut settings = match &sandbox {
        Some(sandbox) => demo::settings(sandbox)?,
        None => load_settings(paths)?,
    };
    if cli.demo {
        // The demo's config is built in: the columns its picker saved are kept beside its data.
        demo::use_saved_columns(&mut settings, &columns_file(cli, paths).path)?;
    }
    settings.ui.read_only |= cli.read_only;
    // NO_COLOR (no-color.org) wins over the config's theme.
    settings.ui.theme =
        Theme::resolve(settings.ui.theme, std::env::var("NO_COLOR").ok().as_deref());
    tracing::info!(origin = %settings.origin, providers = settings.providers.len(), "starting");
    let mut terminal = tui::init().map_err(|error| {
        CannotStart(format!(
            "cannot set up the terminal: {error} (the app needs one; `clientele --help` lists the \
             commands that do not)"
        ))
    })?;
    let result = event_loop::run(&mut terminal, &settings, options).await;
    tui::restore();
    if let Some(sandbox) = sandbox {
        sandbox.shutdown().await;
    }
    result
}

async fn run_sync(
    cli: &Cli,
    paths: &Paths,
    args: &cli::sync::SyncArgs,
) -> color_eyre::Result<bool> {
    let sandbox = match cli.demo {
        true => Some(sandbox::start(cli.sandbox.options()).await?),
        false => None,
    };
    let settings = match &sandbox {
        Some(sandbox) => demo::settings(sandbox)?,
        None => load_settings(paths)?,
    };
    let synced = cli::sync::sync(&settings, &paths.data_dir, args, sandbox.as_ref()).await;
    if let Some(sandbox) = sandbox {
        sandbox.shutdown().await;
    }
    synced
}

/// Where the column picker saves: the config file, or for `--demo` (whose config is built in) a file
/// of columns only in the demo's data directory, made on the first save.
fn columns_file(cli: &Cli, paths: &Paths) -> ColumnsFile {
    if cli.demo {
        ColumnsFile {
            path: paths.data_dir.join(DEMO_COLUMNS_FILE),
            create: true,
        }
    } else {
        ColumnsFile {
            path: paths.config_file.clone(),
            create: false,
        }
    }
}

fn load_settings(paths: &Paths) -> color_eyre::Result<Settings> {
    if !paths.config_file.exists() {
        return Err(ConfigError {
            origin: paths.config_file.display().to_string(),
            key: "(file)".into(),
            problem:
                "does not exist: copy config/clientele.example.toml there or pass --config PATH \
                      (or try the sandbox: clientele --demo)"
                    .into(),
        }
        .into());
    }
    let env = |name: &str| std::env::var(name).ok();
    Ok(Settings::load(&paths.config_file, &env)?)
}
