//! The token vault: customer tokens a provider hands out once (Reportei's `api_token`), kept in private
//! files in the data directory. Written durably before the UI reports the customer as created, never
//! logged, never shown in full; `clientele token export` hands one out on purpose.

use std::fs;
use std::io;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use crate::config::Secret;
use crate::domain::ProviderId;

#[derive(Debug, Clone)]
pub struct Vault {
    dir: PathBuf,
}

impl Vault {
    pub fn new(data_dir: &Path) -> Vault {
        Vault {
            dir: data_dir.join("tokens"),
        }
    }

    /// The file of `customer`'s token; `None` for ids that could escape the directory.
    fn file(&self, provider: ProviderId, customer: &str) -> Option<PathBuf> {
        let safe = !customer.is_empty()
            && customer.len() <= 128
            && customer
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        safe.then(|| {
            self.dir
                .join(provider.key())
                .join(format!("{customer}.token"))
        })
    }

    /// Keep `token` for `customer`: directory 0700, file 0600, written to a temporary file, synced and
    /// renamed into place (then the directory synced), so a crash leaves the old file or the new one.
    pub fn store(
        &self,
        provider: ProviderId,
        customer: &str,
        token: &Secret,
    ) -> io::Result<PathBuf> {
        let path = self.file(provider, customer).ok_or_else(|| {
            io::Error::new(
                io::ErrorKind::InvalidInput,
                "customer id unfit for a file name",
            )
        })?;
        let dir = path.parent().expect("a file in a directory");
        for level in [&self.dir, &dir.to_path_buf()] {
            fs::create_dir_all(level)?;
            fs::set_permissions(level, fs::Permissions::from_mode(0o700))?;
        }
        crate::private_file::write(&path, token.expose().as_bytes())?;
        Ok(path)
    }

    pub fn load(&self, provider: ProviderId, customer: &str) -> io::Result<Option<Secret>> {
        let Some(path) = self.file(provider, customer) else {
            return Ok(None);
        };
        match fs::read_to_string(path) {
            Ok(token) => Ok(Some(Secret::new(token.trim().to_string()))),
            Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(error) => Err(error),
        }
    }

    /// The customers of `provider` whose token is kept, sorted.
    pub fn customers(&self, provider: ProviderId) -> Vec<String> {
        let Ok(entries) = fs::read_dir(self.dir.join(provider.key())) else {
            return Vec::new();
        };
        let mut customers: Vec<String> = entries
            .filter_map(|e| e.ok()?.file_name().into_string().ok())
            .filter_map(|name| name.strip_suffix(".token").map(str::to_string))
            .filter(|name| !name.starts_with('.'))
            .collect();
        customers.sort();
        customers
    }
}

/// The first and last characters of a token, for telling tokens apart without showing them.
pub fn masked(token: &Secret) -> String {
    let text = token.expose();
    let chars: Vec<char> = text.chars().collect();
    if chars.len() <= 8 {
        return "••••".into();
    }
    let head: String = chars[..4].iter().collect();
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("{head}…{tail}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stores_privately_and_loads_back() {
        let dir = tempfile::tempdir().unwrap();
        let vault = Vault::new(dir.path());
        let token = Secret::new("6d37ffcc936ffa1d2bf4f99dbea973b760988e6fe755a22c328d3d3f908f5f87");
        let path = vault
            .store(ProviderId::Reportei, "9cdc0998-cd1c", &token)
            .unwrap();
        let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&path), 0o600);
        assert_eq!(mode(path.parent().unwrap()), 0o700);
        assert_eq!(mode(&dir.path().join("tokens")), 0o700);
        assert_eq!(
            vault.load(ProviderId::Reportei, "9cdc0998-cd1c").unwrap(),
            Some(token)
        );
        assert_eq!(vault.customers(ProviderId::Reportei), vec!["9cdc0998-cd1c"]);
        assert_eq!(vault.load(ProviderId::Reportei, "other").unwrap(), None);
    }

    #[test]
    fn ids_cannot_escape_the_directory() {
        let dir = tempfile::tempdir().unwrap();
        let vault = Vault::new(dir.path());
        assert!(
            vault
                .store(ProviderId::Reportei, "../../etc/x", &Secret::new("t"))
                .is_err()
        );
        assert_eq!(vault.load(ProviderId::Reportei, "../x").unwrap(), None);
    }

    #[test]
    fn masking_shows_only_the_ends() {
        let token = Secret::new("6d37ffcc936ffa1d2bf4f99dbea973b760988e6fe755a22c328d3d3f908f5f87");
        assert_eq!(masked(&token), "6d37…5f87");
        assert_eq!(masked(&Secret::new("short")), "••••");
    }
}
