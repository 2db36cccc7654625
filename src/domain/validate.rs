//! Checks a typed value against what the provider documents for the field, before anything is sent.

use super::{FieldKind, FieldSpec};

/// `Err(message)` for the field's error line, or `Ok`. `required`: this form (create or edit) must
/// have it. `options` are the enum's codes in force (documented plus those the provider listed at run
/// time).
pub fn check(
    spec: &FieldSpec,
    required: bool,
    text: &str,
    options: &[(String, String)],
) -> Result<(), String> {
    let value = text.trim();
    if value.is_empty() {
        return if required {
            Err("required".into())
        } else {
            Ok(())
        };
    }
    if let Some(max) = spec.max_len
        && value.chars().count() > usize::from(max)
    {
        return Err(format!("at most {max} characters"));
    }
    match spec.kind {
        FieldKind::Digits if !value.bytes().all(|b| b.is_ascii_digit()) => {
            Err("digits only".into())
        }
        FieldKind::Email if !is_email(value) => Err("not an e-mail address".into()),
        FieldKind::Integer if value.parse::<i64>().is_err() => Err("a whole number".into()),
        FieldKind::Decimal if value.replace(',', ".").parse::<f64>().is_err() => {
            Err("a number".into())
        }
        FieldKind::Bool if !matches!(value, "yes" | "no" | "true" | "false") => {
            Err("yes or no".into())
        }
        FieldKind::CountryCode
            if !(value.len() == 2 && value.bytes().all(|b| b.is_ascii_alphabetic())) =>
        {
            Err("two letters (ISO 3166), like NL".into())
        }
        FieldKind::Enum(_)
            if !options.is_empty() && !options.iter().any(|(code, _)| code == value) =>
        {
            let codes: Vec<&str> = options
                .iter()
                .map(|(code, _)| code.as_str())
                .take(8)
                .collect();
            Err(format!("one of {}", codes.join(", ")))
        }
        _ => Ok(()),
    }
}

/// One `@`, something before it, a dotted domain after it, no spaces.
fn is_email(value: &str) -> bool {
    let Some((local, domain)) = value.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !value.contains(char::is_whitespace)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(kind: FieldKind) -> FieldSpec {
        FieldSpec::new("f", "F", kind).editable()
    }

    #[test]
    fn documented_constraints() {
        assert_eq!(
            check(&spec(FieldKind::Text), true, " ", &[]),
            Err("required".into())
        );
        assert_eq!(
            check(&spec(FieldKind::Text).max(3), false, "abcd", &[]),
            Err("at most 3 characters".into())
        );
        assert!(check(&spec(FieldKind::Text).max(3), false, "abc", &[]).is_ok());
        assert_eq!(
            check(&spec(FieldKind::Digits), false, "0812-3", &[]),
            Err("digits only".into())
        );
        assert!(check(&spec(FieldKind::Digits), false, "6281234", &[]).is_ok());
        assert!(check(&spec(FieldKind::Email), false, "a@b.co", &[]).is_ok());
        for bad in ["a@b", "@b.co", "a b@c.de", "a@@b.co", "a@b.co."] {
            assert!(
                check(&spec(FieldKind::Email), false, bad, &[]).is_err(),
                "{bad}"
            );
        }
        assert!(check(&spec(FieldKind::CountryCode), false, "NL", &[]).is_ok());
        assert!(check(&spec(FieldKind::CountryCode), false, "NLD", &[]).is_err());
        assert!(check(&spec(FieldKind::Decimal), false, "10,5", &[]).is_ok());
        let options = vec![
            ("N".to_string(), "Customer".to_string()),
            ("Y".into(), "Reseller".into()),
        ];
        assert_eq!(
            check(&spec(FieldKind::Enum(&[])), false, "X", &options),
            Err("one of N, Y".into())
        );
        assert!(check(&spec(FieldKind::Enum(&[])), false, "Y", &options).is_ok());
        assert!(
            check(&spec(FieldKind::Text), false, "", &[]).is_ok(),
            "optional and empty"
        );
    }
}
