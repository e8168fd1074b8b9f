//! SQLite access: one pool for reads and one single-connection pool for writes, so writes are
//! serialised in the process (no SQLITE_BUSY between our own transactions) while reads run in
//! parallel under WAL. SQL stays portable; only the pragmas are SQLite's.

pub mod counteroffers;
pub mod embed_keys;
pub mod idempotency;
pub mod invoices;
pub mod jobs;
pub mod logins;
pub mod notifications;
pub mod orders;
pub mod partners;
pub mod score;
pub mod sessions;
pub mod store;

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use chrono::{DateTime, NaiveDate, Utc};
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

/// A stored row that cannot be read back as domain values (a text column that is not one of its
/// closed list's slugs, a negative quantity, JSON that does not parse): never skipped or guessed,
/// it fails the request with a 500 whose log names the row.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("row {id} of {table} cannot be read: {detail}")]
pub struct Corrupt {
    pub table: &'static str,
    pub id: i64,
    pub detail: String,
}

impl Corrupt {
    /// Column `column` of row `id` holds `value`, which is not one the server knows.
    pub fn value(table: &'static str, id: i64, column: &str, value: impl std::fmt::Display) -> Corrupt {
        Corrupt { table, id, detail: format!("{column} = '{value}' is not a known value") }
    }
}

/// Database functions answer `sqlx::Error`; a corrupt row travels as its `Decode` variant and is
/// told apart again in `From<sqlx::Error> for ApiError`.
impl From<Corrupt> for sqlx::Error {
    fn from(c: Corrupt) -> sqlx::Error {
        sqlx::Error::Decode(Box::new(c))
    }
}

/// Reads a closed list's slug from column `column` of row `id` of `table`.
pub fn decode<T>(
    table: &'static str,
    id: i64,
    column: &str,
    raw: &str,
    parse: impl FnOnce(&str) -> Option<T>,
) -> Result<T, Corrupt> {
    parse(raw).ok_or_else(|| Corrupt::value(table, id, column, raw))
}

/// A stored `YYYY-MM-DD` day.
pub fn decode_date(table: &'static str, id: i64, column: &str, raw: &str) -> Result<NaiveDate, Corrupt> {
    decode(table, id, column, raw, |s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())
}

/// A stored count or size that must not be negative.
pub fn decode_u32(table: &'static str, id: i64, column: &str, raw: i64) -> Result<u32, Corrupt> {
    u32::try_from(raw).map_err(|_| Corrupt::value(table, id, column, raw))
}

/// A database with the crate's migrations in a temporary directory, for the `db` unit tests.
#[cfg(test)]
pub(crate) async fn test_db() -> (tempfile::TempDir, Db) {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = Db::open(&dir.path().join("portal.db")).await.expect("open test database");
    (dir, db)
}

/// Rows the `db` unit tests build on, written through the same functions the routes use.
#[cfg(test)]
pub(crate) mod tests_support {
    use chrono::{Duration, Utc};
    use portal_core::Money;
    use portal_core::api::OrderTerms;
    use portal_core::capability::{Capabilities, Dimensions, Finish, Material, Process};
    use portal_core::job::JobRequirements;
    use sqlx::SqliteConnection;

    use super::Corrupt;

    /// Partner 1 and its open job 1 (CNC, aluminium, 10 parts for $500).
    pub async fn partner_and_job(conn: &mut SqliteConnection) {
        let now = Utc::now();
        let partner = super::partners::NewPartner {
            company: "Test Shop",
            email: "shop@test.example",
            password_hash: "not a hash",
            activated_at: now,
            capabilities: &Capabilities::default(),
        };
        assert_eq!(super::partners::insert(&mut *conn, &partner).await.unwrap(), 1);
        assert_eq!(job(conn, "J-1").await, 1);
    }

    /// Another open job (CNC, aluminium, 10 parts for $500); returns its id.
    pub async fn job(conn: &mut SqliteConnection, reference: &str) -> i64 {
        let now = Utc::now();
        let job = super::jobs::JobPosting {
            reference: reference.into(),
            part_name: "Bracket".into(),
            requirements: JobRequirements {
                process: Process::CncMilling,
                material: Material::Aluminum6061,
                finish: Finish::AsMachined,
                certifications: vec![],
                part_size: Dimensions::new(10, 20, 30),
            },
            quantity: 10,
            price: Money::usd(50_000),
            ship_by: (now + Duration::days(10)).date_naive(),
            posted_at: now,
            terms: OrderTerms::default(),
        };
        super::jobs::insert(&mut *conn, &job).await.unwrap()
    }

    /// Partner 1, job 1 and order 1: the partner took the job from the board.
    pub async fn partner_with_order(conn: &mut SqliteConnection) -> i64 {
        partner_and_job(conn).await;
        let order = super::orders::NewOrder {
            partner_id: 1,
            job_id: 1,
            price: Money::usd(50_000),
            bonus_minor: 0,
            lead_time: (Utc::now() + Duration::days(10)).date_naive(),
            accepted_at: Utc::now(),
            confirmed: true,
        };
        super::orders::insert(conn, &order).await.unwrap()
    }

    /// Writes `sql` (with `id` bound) past the tables' CHECK constraints, as a newer server or a
    /// hand edit might have.
    pub async fn corrupt_row(conn: &mut SqliteConnection, sql: &str, id: i64) {
        sqlx::query("PRAGMA ignore_check_constraints = ON").execute(&mut *conn).await.unwrap();
        sqlx::query(sql).bind(id).execute(&mut *conn).await.unwrap();
        sqlx::query("PRAGMA ignore_check_constraints = OFF").execute(&mut *conn).await.unwrap();
    }

    /// The corrupt row a database error names; panics when it is another error.
    pub fn corrupt(e: sqlx::Error) -> Corrupt {
        match e {
            sqlx::Error::Decode(source) => match source.downcast::<Corrupt>() {
                Ok(c) => *c,
                Err(other) => panic!("not a corrupt row: {other}"),
            },
            other => panic!("not a corrupt row: {other}"),
        }
    }
}
