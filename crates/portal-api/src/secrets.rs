//! Bank details at rest (R-INV-2, issue 16): sealed with AES-256-GCM under a key kept outside the
//! database, so a copied database file does not reveal account numbers or holders.
//!
//! The keys come from a key file (`--bank-key-file`, one `ID BASE64KEY` per line, the first line
//! the current key) or from `PORTAL_BANK_KEYS` (the same lines, `;` between them). New values are
//! sealed with the current key; older keys still open what they sealed. At start the server seals
//! again every value that is plain or under an older key, so rotating is: put a new key on the
//! first line, restart, then drop the old line (README).
//!
//! A sealed value reads `enc1:ID:BASE64(nonce || ciphertext)`. The row it belongs to (partner,
//! currency, column) is authenticated with it, so a value cannot be moved to another row.

use std::path::Path;

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use rand::RngCore;
use rand::rngs::OsRng;

const PREFIX: &str = "enc1:";
const NONCE_BYTES: usize = 12;

/// Why keys could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error("bank key file {path}: {source}")]
    Io { path: String, source: std::io::Error },
    #[error("bank keys, line {line}: {message}")]
    Line { line: usize, message: &'static str },
    #[error("bank keys: no key given")]
    Empty,
}

/// The key ring: the current key seals, every key opens.
#[derive(Clone)]
pub struct BankKeys {
    /// (id, cipher), the current key first.
    keys: Vec<(String, Aes256Gcm)>,
}

impl std::fmt::Debug for BankKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never the keys themselves.
        f.debug_struct("BankKeys").field("ids", &self.keys.iter().map(|(id, _)| id).collect::<Vec<_>>()).finish()
    }
}

impl BankKeys {
    /// Reads keys from `ID BASE64KEY` lines (blank lines and `#` comments skipped).
    pub fn parse(text: &str) -> Result<BankKeys, KeyError> {
        let mut keys = Vec::new();
        for (i, line) in text.split(['\n', ';']).enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let bad = |message| KeyError::Line { line: i + 1, message };
            let (id, key) = line.split_once(char::is_whitespace).ok_or(bad("write ID and KEY"))?;
            if id.is_empty() || id.contains(':') || !id.is_ascii() {
                return Err(bad("the ID is ASCII without ':'"));
            }
            let key = STANDARD.decode(key.trim()).map_err(|_| bad("the KEY is not base64"))?;
            let cipher = Aes256Gcm::new_from_slice(&key).map_err(|_| bad("the KEY is not 32 bytes"))?;
            if keys.iter().any(|(other, _)| other == id) {
                return Err(bad("the ID is used twice"));
            }
            keys.push((id.to_owned(), cipher));
        }
        if keys.is_empty() {
            return Err(KeyError::Empty);
        }
        Ok(BankKeys { keys })
    }

    /// A new random key under `id`, as a key file line.
    pub fn new_line(id: &str) -> String {
        let mut key = [0u8; 32];
        OsRng.fill_bytes(&mut key);
        format!("{id} {}", STANDARD.encode(key))
    }

    /// An in-memory key for a database that lives as long as the process (tests).
    pub fn ephemeral() -> BankKeys {
        BankKeys::parse(&BankKeys::new_line("ephemeral")).unwrap_or_else(|_| unreachable!("a fresh key parses"))
    }

    /// The key file at `path`, created with a fresh key (readable by its owner only) if missing.
    pub fn load_or_create(path: &Path) -> Result<BankKeys, KeyError> {
        let io = |source| KeyError::Io { path: path.display().to_string(), source };
        if !path.exists() {
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir).map_err(io)?;
            }
            let line = BankKeys::new_line(&format!("k{}", chrono::Utc::now().format("%Y%m%d")));
            write_private(path, &format!("# Bank details key ring: the first key seals, all open.\n{line}\n"))
                .map_err(io)?;
        }
        BankKeys::parse(&std::fs::read_to_string(path).map_err(io)?)
    }

    /// Seals `plain` for the row named by `context`.
    pub fn seal(&self, context: &str, plain: &str) -> String {
        let (id, cipher) = &self.keys[0];
        let mut nonce = [0u8; NONCE_BYTES];
        OsRng.fill_bytes(&mut nonce);
        let sealed = cipher
            .encrypt(Nonce::from_slice(&nonce), Payload { msg: plain.as_bytes(), aad: context.as_bytes() })
            .unwrap_or_else(|_| unreachable!("AES-GCM seals any message under 64 GB"));
        let mut bytes = nonce.to_vec();
        bytes.extend(sealed);
        format!("{PREFIX}{id}:{}", STANDARD.encode(bytes))
    }

    /// Opens a sealed value of the row named by `context`; a plain value (written before values
    /// were sealed) is returned as it is. `None`: sealed under a key not in the ring, or altered.
    pub fn open(&self, context: &str, stored: &str) -> Option<String> {
        let Some(rest) = stored.strip_prefix(PREFIX) else {
            return Some(stored.to_owned());
        };
        let (id, data) = rest.split_once(':')?;
        let (_, cipher) = self.keys.iter().find(|(k, _)| k == id)?;
        let bytes = STANDARD.decode(data).ok()?;
        if bytes.len() < NONCE_BYTES {
            return None;
        }
        let (nonce, sealed) = bytes.split_at(NONCE_BYTES);
        let plain = cipher.decrypt(Nonce::from_slice(nonce), Payload { msg: sealed, aad: context.as_bytes() }).ok()?;
        String::from_utf8(plain).ok()
    }

    /// Whether a stored value is sealed with the current key (else it is sealed again at start).
    pub fn is_current(&self, stored: &str) -> bool {
        stored.strip_prefix(PREFIX).and_then(|rest| rest.split_once(':')).is_some_and(|(id, _)| id == self.keys[0].0)
    }
}

#[cfg(unix)]
fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut file = std::fs::OpenOptions::new().write(true).create_new(true).mode(0o600).open(path)?;
    file.write_all(text.as_bytes())
}

#[cfg(not(unix))]
fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    std::fs::write(path, text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_values_open_only_with_their_key_and_row() {
        let keys = BankKeys::ephemeral();
        let sealed = keys.seal("bank_accounts/1/USD/account", "000123456789");
        assert!(sealed.starts_with("enc1:ephemeral:") && !sealed.contains("123456789"), "{sealed}");
        assert_ne!(sealed, keys.seal("bank_accounts/1/USD/account", "000123456789"), "a fresh nonce each time");
        assert_eq!(keys.open("bank_accounts/1/USD/account", &sealed).as_deref(), Some("000123456789"));
        // Moved to another partner's row: refused.
        assert_eq!(keys.open("bank_accounts/2/USD/account", &sealed), None);
        // Another key ring cannot open it.
        assert_eq!(BankKeys::ephemeral().open("bank_accounts/1/USD/account", &sealed), None);
        // Plain values from before sealing read as they are.
        assert_eq!(keys.open("x", "DE89370400440532013000").as_deref(), Some("DE89370400440532013000"));
    }

    #[test]
    fn a_rotated_ring_opens_old_values_and_seals_with_the_new_key() {
        let old_line = BankKeys::new_line("k1");
        let old = BankKeys::parse(&old_line).unwrap();
        let sealed = old.seal("c", "secret");
        let ring = BankKeys::parse(&format!("# rotated\n{}\n{old_line}\n", BankKeys::new_line("k2"))).unwrap();
        assert_eq!(ring.open("c", &sealed).as_deref(), Some("secret"));
        assert!(!ring.is_current(&sealed));
        assert!(ring.is_current(&ring.seal("c", "secret")));
        assert!(format!("{ring:?}").contains("k2") && !format!("{ring:?}").contains(&old_line[3..]));
    }

    #[test]
    fn bad_key_lines_are_named() {
        assert!(matches!(BankKeys::parse(""), Err(KeyError::Empty)));
        assert!(matches!(BankKeys::parse("k1 notbase64!"), Err(KeyError::Line { line: 1, .. })));
        assert!(matches!(BankKeys::parse("k1 AAAA"), Err(KeyError::Line { message: "the KEY is not 32 bytes", .. })));
        let line = BankKeys::new_line("k1");
        assert!(matches!(BankKeys::parse(&format!("{line};{line}")), Err(KeyError::Line { line: 2, .. })));
    }

    #[test]
    fn a_missing_key_file_is_created_for_its_owner_only_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("keys/bank.keys");
        let created = BankKeys::load_or_create(&path).unwrap();
        let sealed = created.seal("c", "secret");
        let again = BankKeys::load_or_create(&path).unwrap();
        assert_eq!(again.open("c", &sealed).as_deref(), Some("secret"), "the same key the next time");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
        }
    }
}
