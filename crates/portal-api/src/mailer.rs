//! The email adapter (R-JOB-9): sends the outbox by SMTP when `--smtp` / `PORTAL_SMTP` names a
//! server, retrying a failed message with backoff and marking each row sent. Without a server the
//! outbox stays as it is, and the portal does not promise email.

use std::time::Duration;

use chrono::{DateTime, Utc};
use lettre::message::Mailbox;
use lettre::transport::smtp::AsyncSmtpTransport;
use lettre::{AsyncTransport, Message, Tokio1Executor};

use crate::AppState;
use crate::db::{from_ts, ts};
use crate::error::{ApiError, ApiResult};

/// The first retry waits this long; each further one twice as long, up to `RETRY_MAX`.
const RETRY_FIRST: Duration = Duration::from_secs(30);
const RETRY_MAX: Duration = Duration::from_secs(3600);
/// At most this many messages per round, so one round never holds the worker for long.
const BATCH: i64 = 50;
/// How long one SMTP conversation may take.
const SMTP_TIMEOUT: Duration = Duration::from_secs(20);

/// Where and as whom mail is sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SmtpConfig {
    pub host: String,
    pub port: u16,
    pub from: String,
}

impl SmtpConfig {
    /// Reads `host:port` (plain SMTP to a relay the operator runs, such as a local MTA).
    pub fn parse(server: &str, from: &str) -> Result<SmtpConfig, String> {
        let (host, port) = server.rsplit_once(':').ok_or_else(|| format!("--smtp {server}: give HOST:PORT"))?;
        let port = port.parse::<u16>().map_err(|_| format!("--smtp {server}: the port is not a number"))?;
        if host.is_empty() {
            return Err(format!("--smtp {server}: give HOST:PORT"));
        }
        from.parse::<Mailbox>().map_err(|e| format!("--smtp-from {from}: {e}"))?;
        Ok(SmtpConfig { host: host.to_owned(), port, from: from.to_owned() })
    }
}

/// How long to wait after `attempts` failed tries.
pub fn retry_delay(attempts: u32) -> Duration {
    RETRY_FIRST.saturating_mul(2u32.saturating_pow(attempts.saturating_sub(1))).min(RETRY_MAX)
}

#[derive(sqlx::FromRow)]
struct Due {
    id: i64,
    email: String,
    company: String,
    subject: String,
    body: String,
    attempts: i64,
}

/// Sends every queued email that is due now; answers how many were sent. A message the server
/// refuses, or a server that cannot be reached, is tried again later (backoff).
pub async fn send_due(state: &AppState, smtp: &SmtpConfig) -> ApiResult<u32> {
    let now = state.clock.now();
    let due: Vec<Due> = sqlx::query_as(
        "SELECT o.id, p.email, p.company, o.subject, o.body, o.attempts FROM outbox o
         JOIN partners p ON p.id = o.partner_id
         WHERE o.sent_at IS NULL AND (o.next_attempt_at IS NULL OR o.next_attempt_at <= ?)
         ORDER BY o.id LIMIT ?",
    )
    .bind(ts(now))
    .bind(BATCH)
    .fetch_all(&state.db.read)
    .await?;
    if due.is_empty() {
        return Ok(0);
    }
    let transport = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&smtp.host)
        .port(smtp.port)
        .timeout(Some(SMTP_TIMEOUT))
        .build();
    let mut sent = 0;
    for mail in due {
        let result = match message(smtp, &mail) {
            Ok(m) => transport.send(m).await.map(|_| ()).map_err(|e| e.to_string()),
            Err(e) => Err(e),
        };
        match result {
            Ok(()) => {
                sqlx::query("UPDATE outbox SET sent_at = ?, last_error = NULL WHERE id = ?")
                    .bind(ts(state.clock.now()))
                    .bind(mail.id)
                    .execute(&state.db.write)
                    .await?;
                sent += 1;
            }
            Err(error) => {
                let attempts = u32::try_from(mail.attempts + 1).unwrap_or(u32::MAX);
                let next = now + chrono::Duration::from_std(retry_delay(attempts)).unwrap_or_default();
                tracing::warn!("email {} to {}: {error}; next try at {next}", mail.id, mail.email);
                sqlx::query("UPDATE outbox SET attempts = ?, next_attempt_at = ?, last_error = ? WHERE id = ?")
                    .bind(i64::from(attempts))
                    .bind(ts(next))
                    .bind(&error)
                    .bind(mail.id)
                    .execute(&state.db.write)
                    .await?;
            }
        }
    }
    Ok(sent)
}

fn message(smtp: &SmtpConfig, mail: &Due) -> Result<Message, String> {
    let from: Mailbox = smtp.from.parse().map_err(|e| format!("sender: {e}"))?;
    let to = Mailbox::new(Some(mail.company.clone()), mail.email.parse().map_err(|e| format!("recipient: {e}"))?);
    Message::builder()
        .from(from)
        .to(to)
        .subject(mail.subject.clone())
        .body(mail.body.clone())
        .map_err(|e| e.to_string())
}

/// When an outbox row was sent, if it was (tests and the operator read it).
pub async fn sent_at(state: &AppState, id: i64) -> ApiResult<Option<DateTime<Utc>>> {
    let row: Option<(Option<i64>,)> =
        sqlx::query_as("SELECT sent_at FROM outbox WHERE id = ?").bind(id).fetch_optional(&state.db.read).await?;
    row.map(|(at,)| at.map(from_ts)).ok_or(ApiError::NotFound("email"))
}
