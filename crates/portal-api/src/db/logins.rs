//! Failed passwords by client address and account, and the addresses each account logged in
//! from, for throttling (`auth::throttle`).

use sqlx::SqliteExecutor;

pub async fn record_failure(
    db: impl SqliteExecutor<'_>,
    email: &str,
    address: &str,
    at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO login_failures (email, address, at) VALUES (?, ?, ?)")
        .bind(email)
        .bind(address)
        .bind(at)
        .execute(db)
        .await?;
    Ok(())
}

/// Failures since `since`, each as (count, latest): from `address` for any account; from
/// `address` for `email`; and for `email` from addresses it never logged in from.
pub struct Failures {
    pub address: (i64, Option<i64>),
    pub address_account: (i64, Option<i64>),
    pub account_elsewhere: (i64, Option<i64>),
}

pub async fn failures_since(
    db: impl SqliteExecutor<'_>,
    email: &str,
    address: &str,
    since: i64,
) -> Result<Failures, sqlx::Error> {
    let row: (i64, Option<i64>, i64, Option<i64>, i64, Option<i64>) = sqlx::query_as(
        "SELECT
            (SELECT COUNT(*) FROM login_failures WHERE address = ?1 AND at > ?3),
            (SELECT MAX(at) FROM login_failures WHERE address = ?1 AND at > ?3),
            (SELECT COUNT(*) FROM login_failures WHERE address = ?1 AND email = ?2 AND at > ?3),
            (SELECT MAX(at) FROM login_failures WHERE address = ?1 AND email = ?2 AND at > ?3),
            (SELECT COUNT(*) FROM login_failures f WHERE email = ?2 AND at > ?3 AND NOT EXISTS
                (SELECT 1 FROM login_addresses k WHERE k.email = f.email AND k.address = f.address)),
            (SELECT MAX(at) FROM login_failures f WHERE email = ?2 AND at > ?3 AND NOT EXISTS
                (SELECT 1 FROM login_addresses k WHERE k.email = f.email AND k.address = f.address))",
    )
    .bind(address)
    .bind(email)
    .bind(since)
    .fetch_one(db)
    .await?;
    Ok(Failures { address: (row.0, row.1), address_account: (row.2, row.3), account_elsewhere: (row.4, row.5) })
}

/// Whether `email` has logged in from `address` before.
pub async fn is_known(db: impl SqliteExecutor<'_>, email: &str, address: &str) -> Result<bool, sqlx::Error> {
    let found: Option<i64> = sqlx::query_scalar("SELECT 1 FROM login_addresses WHERE email = ? AND address = ?")
        .bind(email)
        .bind(address)
        .fetch_optional(db)
        .await?;
    Ok(found.is_some())
}

/// The right password from `address`: its failures for `email` are forgiven and the address is
/// remembered as one the account uses.
pub async fn succeeded(
    db: &mut sqlx::SqliteConnection,
    email: &str,
    address: &str,
    at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM login_failures WHERE email = ? AND address = ?")
        .bind(email)
        .bind(address)
        .execute(&mut *db)
        .await?;
    sqlx::query(
        "INSERT INTO login_addresses (email, address, last_at) VALUES (?, ?, ?)
         ON CONFLICT (email, address) DO UPDATE SET last_at = excluded.last_at",
    )
    .bind(email)
    .bind(address)
    .bind(at)
    .execute(&mut *db)
    .await?;
    Ok(())
}

/// Forgets failures before `failures_before` and addresses last used before `addresses_before`:
/// how many of each.
pub async fn prune(
    db: &sqlx::SqlitePool,
    failures_before: i64,
    addresses_before: i64,
) -> Result<(u64, u64), sqlx::Error> {
    let failures = sqlx::query("DELETE FROM login_failures WHERE at <= ?")
        .bind(failures_before)
        .execute(db)
        .await?
        .rows_affected();
    let addresses = sqlx::query("DELETE FROM login_addresses WHERE last_at < ?")
        .bind(addresses_before)
        .execute(db)
        .await?
        .rows_affected();
    Ok((failures, addresses))
}
