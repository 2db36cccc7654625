//! Configs that would hand the tokens to someone else are refused with the one-line config error.

use std::os::unix::fs::PermissionsExt;

use super::*;

fn env(_: &str) -> Option<String> {
    Some("secret".into())
}

fn refused(text: &str) -> ConfigError {
    Settings::parse(text, "test.toml", &env).expect_err("refused")
}

fn with_base_url(url: &str) -> String {
    format!(
        "[providers.guardant]\nbase_url = \"{url}\"\nauth = {{ kind = \"bearer\", token_env = \"T\" }}\n"
    )
}

#[test]
fn plain_http_is_refused_except_to_this_machine() {
    let error = refused(&with_base_url("http://station.example.com/v1.0"));
    assert_eq!(error.key, "providers.guardant.base_url");
    assert!(
        error.problem.contains("clear text") && error.problem.contains("https://"),
        "{error}"
    );
    for local in [
        "http://127.0.0.1:8080/v1.0",
        "http://localhost:8080",
        "http://[::1]:9000",
        "https://station.example.com/v1.0",
    ] {
        assert!(
            Settings::parse(&with_base_url(local), "test.toml", &env).is_ok(),
            "{local}"
        );
    }
    let token_url = refused(
        "[providers.dkhardware]\nauth = { kind = \"client_credentials\", client_id = \"me\", client_secret_env = \"S\", token_url = \"http://auth.example.com/token\" }\n",
    );
    assert_eq!(token_url.key, "providers.dkhardware.auth.token_url");
}

#[test]
fn credentials_inside_a_url_are_refused_without_echoing_them() {
    for url in [
        "https://user:hunter2@station.example.com",
        "https://user@station.example.com",
    ] {
        let error = refused(&with_base_url(url));
        assert_eq!(error.key, "providers.guardant.base_url");
        assert!(error.problem.contains("credentials"), "{error}");
        let line = error.to_string();
        assert!(!line.contains("hunter2"), "{line}");
        assert_eq!(line.lines().count(), 1);
    }
}

#[test]
fn a_config_file_others_can_write_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    std::fs::write(&path, with_base_url("https://station.example.com")).unwrap();
    for mode in [0o666, 0o620, 0o602] {
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).unwrap();
        let error = Settings::load(&path, &env).expect_err("refused");
        assert_eq!(error.origin, path.display().to_string());
        assert_eq!(error.key, "(file)");
        assert!(
            error.problem.contains("others can change it") && error.problem.contains("chmod 600"),
            "{error}"
        );
    }
    for mode in [0o600, 0o644] {
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).unwrap();
        assert!(Settings::load(&path, &env).is_ok(), "{mode:o}");
    }
}

#[test]
fn the_answer_size_limit_is_16_mb_unless_configured() {
    let settings = Settings::parse(&with_base_url("https://a.example"), "test.toml", &env).unwrap();
    assert_eq!(settings.providers[0].max_body_bytes, 16 * 1024 * 1024);
    let settings = Settings::parse(
        &format!("{}max_body_mb = 64\n", with_base_url("https://a.example")),
        "test.toml",
        &env,
    )
    .unwrap();
    assert_eq!(settings.providers[0].max_body_bytes, 64 * 1024 * 1024);
    let error = refused(&format!(
        "{}max_body_mb = 0\n",
        with_base_url("https://a.example")
    ));
    assert_eq!(error.key, "providers.guardant.max_body_mb");
}

#[test]
fn read_only_settings_ask_for_read_scopes_only() {
    let settings = Settings::parse(
        "[providers.dkhardware]\nauth = { kind = \"client_credentials\", client_id = \"me\", client_secret_env = \"S\" }\n",
        "test.toml",
        &env,
    )
    .unwrap();
    let dk = settings.provider(ProviderId::DkHardware).unwrap();
    match dk.without_write_scopes().credentials {
        Ok(Credentials::ClientCredentials { scope, .. }) => assert_eq!(scope, "customers"),
        other => panic!("{other:?}"),
    }
}
