//! SQLite access: one pool for reads and one single-connection pool for writes, so writes are
//! serialised in the process (no SQLITE_BUSY between our own transactions) while reads run in
//! parallel under WAL. SQL stays portable; only the pragmas are SQLite's.

pub mod counteroffers;
pub mod idempotency;
pub mod invoices;
pub mod jobs;
pub mod logins;
pub mod notifications;
pub mod orders;
pub mod partners;
pub mod score;
pub mod sessions;

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use chrono::{DateTime, Utc};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous};

const BUSY_TIMEOUT: Duration = Duration::from_secs(10);
const READ_CONNECTIONS: u32 = 8;

/// The database: `read` for queries, `write` (one connection) for every change.
#[derive(Clone, Debug)]
pub struct Db {
    pub read: SqlitePool,
    pub write: SqlitePool,
}

impl Db {
    /// Opens (creating if missing) and migrates the database file.
    pub async fn open(path: &Path) -> Result<Db, sqlx::Error> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(sqlx::Error::Io)?;
        }
        let options = SqliteConnectOptions::from_str(&format!("sqlite://{}", path.display()))?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .foreign_keys(true)
            .busy_timeout(BUSY_TIMEOUT)
            // Money and decisions: a committed accept survives a power cut.
            .synchronous(SqliteSynchronous::Full);
        migrate(&options).await?;
        let write = SqlitePoolOptions::new().max_connections(1).connect_with(options.clone()).await?;
        score::ensure_policy(&mut *write.acquire().await?, Utc::now()).await?;
        let read =
            SqlitePoolOptions::new().max_connections(READ_CONNECTIONS).connect_with(options.read_only(true)).await?;
        Ok(Db { read, write })
    }
}

/// Runs the migrations on a connection of their own with foreign keys off, as SQLite asks for
/// rebuilding a table that others reference (changing a CHECK, 0005), then proves every reference
/// still holds before anything else opens the database.
async fn migrate(options: &SqliteConnectOptions) -> Result<(), sqlx::Error> {
    use sqlx::Connection;
    let mut conn = sqlx::SqliteConnection::connect_with(&options.clone().foreign_keys(false)).await?;
    sqlx::migrate!("./migrations").run(&mut conn).await?;
    let broken: Vec<(String, i64, String)> =
        sqlx::query_as("SELECT \"table\", rowid, parent FROM pragma_foreign_key_check").fetch_all(&mut conn).await?;
    conn.close().await?;
    if let Some((table, rowid, parent)) = broken.first() {
        return Err(sqlx::Error::Protocol(format!(
            "after migrating, row {rowid} of {table} refers to a missing row of {parent}"
        )));
    }
    Ok(())
}

/// Instants are stored as unix seconds.
pub fn ts(t: DateTime<Utc>) -> i64 {
    t.timestamp()
}

pub fn from_ts(secs: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(secs, 0).unwrap_or_default()
}
