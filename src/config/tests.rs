use super::*;

fn env(name: &str) -> Option<String> {
    match name {
        "NGORDER_TOKEN" => Some("ng-secret".into()),
        "DK_SECRET" => Some("dk-secret".into()),
        _ => None,
    }
}

fn parse(text: &str) -> Result<Settings, ConfigError> {
    Settings::parse(text, "test.toml", &env)
}

#[test]
fn resolves_secrets_from_named_variables_and_defaults_urls() {
    let settings = parse(
        r#"
        [providers.ngorder]
        auth = { kind = "bearer", token_env = "NGORDER_TOKEN" }

        [providers.dkhardware]
        auth = { kind = "client_credentials", client_id = "me", client_secret_env = "DK_SECRET" }
        "#,
    )
    .unwrap();
    assert_eq!(settings.providers.len(), 2);
    let ngorder = settings.provider(ProviderId::Ngorder).unwrap();
    assert_eq!(ngorder.base_url, "https://api.ngorder.id/api/open");
    assert_eq!(
        ngorder.credentials,
        Ok(Credentials::Bearer {
            token: Secret::new("ng-secret")
        })
    );
    let dk = settings.provider(ProviderId::DkHardware).unwrap();
    match &dk.credentials {
        Ok(Credentials::ClientCredentials {
            token_url, scope, ..
        }) => {
            assert!(token_url.ends_with("/openid-connect/token"));
            assert!(scope.contains("customers:create"));
        }
        other => panic!("unexpected credentials {other:?}"),
    }
}

#[test]
fn missing_secret_variable_is_reported_for_that_provider_only() {
    let settings = parse(
        r#"
        [providers.reportei]
        auth = { kind = "bearer", token_env = "REPORTEI_TOKEN" }
        "#,
    )
    .unwrap();
    let reportei = settings.provider(ProviderId::Reportei).unwrap();
    assert_eq!(
        reportei.credentials,
        Err("environment variable REPORTEI_TOKEN is not set".to_string())
    );
}

#[test]
fn disabled_providers_get_no_tab_and_tabs_keep_provider_order() {
    let settings = parse(
        r#"
        [providers.reportei]
        auth = { kind = "bearer", token_env = "X" }
        [providers.guardant]
        enabled = false
        [providers.ngorder]
        auth = { kind = "bearer", token_env = "X" }
        "#,
    )
    .unwrap();
    let ids: Vec<_> = settings.providers.iter().map(|p| p.id).collect();
    assert_eq!(ids, vec![ProviderId::Ngorder, ProviderId::Reportei]);
}

#[test]
fn wrong_type_names_file_and_key() {
    let err = parse(
        r#"
        [providers.ngorder]
        page_size = "fifty"
        "#,
    )
    .unwrap_err();
    assert_eq!(err.origin, "test.toml");
    assert_eq!(err.key, "providers.ngorder.page_size");
    assert!(err.problem.contains("invalid type"), "{}", err.problem);
    assert!(!err.to_string().contains('\n'), "one line: {err}");
}

#[test]
fn unknown_auth_kind_and_unknown_provider_are_named() {
    let err = parse(
        r#"
        [providers.ngorder]
        auth = { kind = "magic" }
        "#,
    )
    .unwrap_err();
    assert_eq!(err.key, "providers.ngorder.auth.kind");
    assert!(err.problem.contains("magic"), "{}", err.problem);

    let err =
        parse("[providers.acme]\nauth = { kind = \"bearer\", token_env = \"X\" }\n").unwrap_err();
    assert_eq!(err.key, "providers.acme");
    assert!(err.problem.contains("unknown provider"));
}

#[test]
fn page_size_beyond_the_api_maximum_is_refused() {
    let err = parse(
        r#"
        [providers.guardant]
        page_size = 500
        auth = { kind = "bearer", token_env = "X" }
        "#,
    )
    .unwrap_err();
    assert_eq!(err.key, "providers.guardant.page_size");
    assert!(err.problem.contains("1..=100"));
}

#[test]
fn syntax_error_names_the_line() {
    let err = parse("[providers.ngorder]\nauth = {\n").unwrap_err();
    assert!(err.key.starts_with("line "), "{err}");
    assert!(!err.to_string().contains('\n'), "one line: {err}");
}

#[test]
fn debug_of_settings_never_shows_a_secret() {
    let settings = parse(
        r#"
        [providers.ngorder]
        auth = { kind = "bearer", token_env = "NGORDER_TOKEN" }
        "#,
    )
    .unwrap();
    assert!(!format!("{settings:?}").contains("ng-secret"));
}

#[test]
fn the_shipped_example_and_demo_configs_are_valid() {
    for (name, text) in [
        (
            "clientele.example.toml",
            include_str!("../../config/clientele.example.toml"),
        ),
        ("demo.toml", include_str!("../../config/demo.toml")),
    ] {
        let settings = Settings::parse(text, name, &|_| Some("x".into())).unwrap();
        assert_eq!(
            settings.providers.len(),
            5,
            "{name} enables all five providers"
        );
    }
}

#[test]
fn chosen_columns_are_checked_against_the_schema() {
    let settings = parse(
        r#"
        [providers.guardant]
        columns = ["companyname", "crmid"]
        auth = { kind = "bearer", token_env = "X" }
        "#,
    )
    .unwrap();
    assert_eq!(
        settings.ui.columns,
        vec![(ProviderId::Guardant, vec!["companyname", "crmid"])]
    );
    let err = parse(
        r#"
        [providers.guardant]
        columns = ["company"]
        auth = { kind = "bearer", token_env = "X" }
        "#,
    )
    .unwrap_err();
    assert_eq!(err.key, "providers.guardant.columns");
    assert!(
        err.problem.contains("\"company\" is not a field"),
        "{}",
        err.problem
    );
    assert!(
        err.problem.contains("companyname"),
        "lists the known fields: {}",
        err.problem
    );
}

#[test]
fn keys_are_rebound_per_view_and_checked() {
    let settings = parse(
        r#"
        [ui.keys.browse]
        next_page = ["Ctrl-f", "PageDown"]
        "#,
    )
    .unwrap();
    let (mode, action, keys) = &settings.ui.keys[0];
    assert_eq!((*mode, *action), (Mode::Browse, Action::NextPage));
    assert_eq!(keys.len(), 2);

    let err = parse("[ui.keys.browse]\nfly = [\"x\"]\n").unwrap_err();
    assert_eq!(err.key, "ui.keys.browse.fly");
    // The error lists the names it would take, not a screen that does not show them.
    assert!(
        err.problem
            .contains("known: quit, next_tab, prev_tab, down, up,")
            && err.problem.contains("check_write"),
        "{}",
        err.problem
    );
    let err = parse("[ui.keys.browse]\nnext_page = [\"Hyper-x\"]\n").unwrap_err();
    assert!(err.problem.contains("\"Hyper-x\" is not a key"));
    let err = parse("[ui.keys.sideways]\nnext_page = [\"x\"]\n").unwrap_err();
    assert!(err.problem.contains("unknown view"));
}

#[test]
fn the_theme_is_dark_light_or_refused_by_name() {
    assert_eq!(parse("").unwrap().ui.theme, Theme::Dark);
    assert_eq!(
        parse("[ui]\ntheme = \"light\"\n").unwrap().ui.theme,
        Theme::Light
    );
    let err = parse("[ui]\ntheme = \"solarized\"\n").unwrap_err();
    assert_eq!(err.key, "ui.theme", "{err}");
    // NO_COLOR is the environment's to say, not the file's.
    assert!(parse("[ui]\ntheme = \"no_color\"\n").is_err());
}

#[test]
fn a_provider_can_be_made_read_only() {
    let settings = parse(
        r#"
        [providers.guardant]
        read_only = true
        auth = { kind = "bearer", token_env = "X" }
        [providers.ngorder]
        auth = { kind = "bearer", token_env = "X" }
        "#,
    )
    .unwrap();
    assert!(settings.ui.is_read_only(ProviderId::Guardant));
    assert!(!settings.ui.is_read_only(ProviderId::Ngorder));
}

#[test]
fn an_account_rate_limit_is_read_and_nonsense_refused_in_one_line() {
    let settings = parse(
        r#"
        [providers.dkhardware]
        auth = { kind = "client_credentials", client_id = "me", client_secret_env = "DK_SECRET" }
        rate_limit = { requests = 600, per_secs = 60 }
        "#,
    )
    .unwrap();
    assert_eq!(
        settings
            .provider(ProviderId::DkHardware)
            .unwrap()
            .rate_limit,
        Some(RateLimit {
            requests: 600,
            per: Duration::from_secs(60)
        })
    );
    for (table, key) in [
        ("{ requests = 0, per_secs = 60 }", "requests = 0"),
        ("{ requests = 10, per_secs = 0 }", "per_secs = 0"),
        ("{ requests = -3, per_secs = 1 }", "requests = -3"),
    ] {
        let error = parse(&format!(
            "[providers.ngorder]\nauth = {{ kind = \"bearer\", token_env = \"NGORDER_TOKEN\" }}\n\
             rate_limit = {table}\n"
        ))
        .unwrap_err();
        assert_eq!(error.key, "providers.ngorder.rate_limit");
        assert!(error.problem.starts_with(key), "{error}");
        assert!(!error.to_string().contains('\n'), "{error}");
    }
    let error = parse(
        "[providers.ngorder]\nauth = { kind = \"bearer\", token_env = \"NGORDER_TOKEN\" }\n\
         rate_limit = { requests = 10, per = 1 }\n",
    )
    .unwrap_err();
    assert!(error.key.contains("rate_limit"), "{error}");
}

#[test]
fn the_mirror_is_on_unless_a_provider_turns_it_off() {
    let settings = parse(
        r#"
        [providers.guardant]
        mirror = false
        auth = { kind = "bearer", token_env = "X" }
        [providers.ngorder]
        auth = { kind = "bearer", token_env = "X" }
        "#,
    )
    .unwrap();
    assert!(!settings.provider(ProviderId::Guardant).unwrap().mirror);
    assert!(settings.provider(ProviderId::Ngorder).unwrap().mirror);
}

/// The comment paragraph of the example config that starts with `# {label}:`, up to the next one.
fn example_paragraph(label: &str) -> Vec<String> {
    let example = include_str!("../../config/clientele.example.toml");
    let start = example
        .find(&format!("# {label}:"))
        .unwrap_or_else(|| panic!("the example config has a '{label}:' paragraph"));
    let rest = &example[start + label.len() + 3..];
    let end = rest
        .find("\n# Keys:")
        .or(rest.find("\n# Ctrl-C"))
        .unwrap_or(rest.len());
    rest[..end]
        .split(|c: char| !(c.is_ascii_lowercase() || c == '_'))
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

#[test]
fn the_example_config_names_every_view_and_every_action_and_no_other() {
    let views = example_paragraph("Views");
    for mode in Mode::ALL {
        assert!(
            views.contains(&mode.key().to_string()),
            "view {}",
            mode.key()
        );
    }
    let actions = example_paragraph("Actions");
    let named: Vec<String> = Action::NAMED.iter().map(|a| a.name()).collect();
    for name in &named {
        assert!(
            actions.contains(name),
            "action {name} is not in the example config"
        );
    }
    for name in &actions {
        assert!(
            named.contains(name),
            "the example config names {name}, no such action"
        );
    }
}

#[test]
fn the_readme_asks_for_the_rust_version_cargo_toml_needs() {
    let version = include_str!("../../Cargo.toml")
        .lines()
        .find_map(|l| l.strip_prefix("rust-version = "))
        .expect("Cargo.toml has a rust-version")
        .trim_matches('"');
    let readme = include_str!("../../README.md");
    assert!(readme.contains(&format!("Rust ≥ {version}")), "{version}");
}
