//! The partner a request acts for: its capabilities, track record and account state as the
//! rulebook sees them, and `/me` built from them.

use chrono::{DateTime, Utc};
use portal_core::account::{self, AccountState, PARTNER_SUPPORT_EMAIL};
use portal_core::api::{FrozenNotice, Me, ProbationLimits};
use portal_core::capability::{Capabilities, validate_capabilities};
use portal_core::probation::{PROBATION_COMPLETED_JOBS, PROBATION_MAX_ACTIVE_JOBS, probation_max_job_value};
use sqlx::SqliteConnection;

use crate::AppState;
use crate::db;
use crate::error::{ApiError, ApiResult};
use portal_core::units::DisplayPrefs;

/// What the board and `/me` need to know about a partner, computed by the rulebook.
pub struct PartnerContext {
    pub partner: db::partners::PartnerRow,
    pub capabilities: Capabilities,
    pub record: db::partners::Record,
    pub account_state: AccountState,
}

/// Reads a partner's context on `conn`: inside a transaction, it is the state the transaction acts on.
pub async fn context(conn: &mut SqliteConnection, partner_id: i64, now: DateTime<Utc>) -> ApiResult<PartnerContext> {
    let partner = db::partners::by_id(&mut *conn, partner_id).await?.ok_or(ApiError::Unauthenticated)?;
    let record = db::partners::record(&mut *conn, partner_id).await?;
    let account_state = account_state_at(&partner, &record, now);
    Ok(PartnerContext { capabilities: partner.capabilities(), partner, record, account_state })
}

/// R-ACC-3: the account's state at `now`, from its activation and first accepted job.
pub fn account_state_at(
    partner: &db::partners::PartnerRow,
    record: &db::partners::Record,
    now: DateTime<Utc>,
) -> AccountState {
    account::account_state(partner.activated_at(), record.first_accepted_at, now, partner.currency())
}

/// A partner's context from the read pool, at the server's now.
pub async fn read_context(state: &AppState, partner_id: i64) -> ApiResult<PartnerContext> {
    let mut conn = state.db.read.acquire().await?;
    context(&mut conn, partner_id, state.clock.now()).await
}

/// R-ACC-3: why a frozen account sees no jobs, and whom to write to.
pub fn frozen_notice(ctx: &PartnerContext) -> Option<FrozenNotice> {
    frozen_notice_of(&ctx.partner, ctx.account_state)
}

/// R-ACC-3: the notice for a partner whose account is in `state`.
pub fn frozen_notice_of(partner: &db::partners::PartnerRow, state: AccountState) -> Option<FrozenNotice> {
    (state == AccountState::Frozen).then(|| FrozenNotice {
        reason: account::frozen_explanation(partner.activated_at()),
        contact_email: PARTNER_SUPPORT_EMAIL.to_owned(),
    })
}

/// The logged-in partner as `GET /me` (and a login) answers it.
pub async fn me(state: &AppState, partner_id: i64) -> ApiResult<Me> {
    let ctx = read_context(state, partner_id).await?;
    let standing = ctx.record.standing;
    let currency = ctx.partner.currency();
    let activated_at = ctx.partner.activated_at();
    let probation = standing.on_probation().then(|| ProbationLimits {
        max_job_value: probation_max_job_value(currency),
        max_active_jobs: PROBATION_MAX_ACTIVE_JOBS,
        completed_jobs_to_go: PROBATION_COMPLETED_JOBS.saturating_sub(standing.completed_jobs),
    });
    let before_first_job = ctx.record.first_accepted_at.is_none();
    Ok(Me {
        partner_id: ctx.partner.id,
        company: ctx.partner.company.clone(),
        email: ctx.partner.email.clone(),
        standing,
        on_probation: standing.on_probation(),
        probation,
        account_state: ctx.account_state,
        activated_at,
        first_job_deadline: before_first_job.then(|| account::first_job_deadline(activated_at, currency)),
        first_job_last_day: before_first_job.then(|| account::first_job_last_day(activated_at, currency)),
        frozen: frozen_notice(&ctx),
        email_enabled: state.smtp.is_some(),
        display: ctx.partner.display(),
        currency,
    })
}

/// Keeps the partner's units and paper; answers the partner as `GET /me` does.
pub async fn set_display(state: &AppState, partner_id: i64, prefs: DisplayPrefs) -> ApiResult<Me> {
    db::partners::set_display(&state.db.write, partner_id, prefs).await?;
    me(state, partner_id).await
}

/// R-ACC-2: the partner's capabilities and their version (the ETag's).
pub async fn capabilities(state: &AppState, partner_id: i64) -> ApiResult<(Capabilities, i64)> {
    let row = db::partners::by_id(&state.db.read, partner_id).await?.ok_or(ApiError::Unauthenticated)?;
    Ok((row.capabilities(), row.capabilities_version))
}

/// R-ACC-2: replaces the capabilities, normalized and checked, if they are still at version
/// `expected` (else 412: changed in another tab). Answers them with their new version.
pub async fn save_capabilities(
    state: &AppState,
    partner_id: i64,
    caps: Capabilities,
    expected: Option<i64>,
) -> ApiResult<(Capabilities, i64)> {
    let caps = caps.normalized();
    let errors = validate_capabilities(&caps);
    if !errors.is_empty() {
        return Err(ApiError::Invalid(errors));
    }
    let version = db::partners::update_capabilities(&state.db.write, partner_id, &caps, expected)
        .await?
        .ok_or(ApiError::Stale)?;
    Ok((caps, version))
}
