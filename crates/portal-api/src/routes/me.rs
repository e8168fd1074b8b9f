//! `GET /me`: the logged-in partner, its capabilities, probation and account state.

use axum::Json;
use axum::extract::State;
use chrono::{DateTime, Utc};
use portal_core::account::{self, AccountState, PARTNER_SUPPORT_EMAIL};
use portal_core::api::{FrozenNotice, Me, ProbationLimits, Problem};
use portal_core::capability::Capabilities;
use portal_core::probation::{PROBATION_COMPLETED_JOBS, PROBATION_MAX_ACTIVE_JOBS, probation_max_job_value};
use sqlx::SqliteConnection;

use crate::AppState;
use crate::auth::CurrentPartner;
use crate::db;
use crate::error::{ApiError, ApiResult};

/// The logged-in partner.
#[utoipa::path(get, path = "/me", tag = "partner",
    responses(
        (status = 200, body = Me),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn me(State(state): State<AppState>, partner: CurrentPartner) -> ApiResult<Json<Me>> {
    Ok(Json(load(&state, partner.id).await?))
}

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
    let account_state =
        account::account_state(partner.activated_at(), record.first_accepted_at, now, partner.currency());
    Ok(PartnerContext { capabilities: partner.capabilities(), partner, record, account_state })
}

/// A partner's context from the read pool, at the server's now.
pub async fn read_context(state: &AppState, partner_id: i64) -> ApiResult<PartnerContext> {
    let mut conn = state.db.read.acquire().await?;
    context(&mut conn, partner_id, state.clock.now()).await
}

pub fn frozen_notice(ctx: &PartnerContext) -> Option<FrozenNotice> {
    (ctx.account_state == AccountState::Frozen).then(|| FrozenNotice {
        reason: account::frozen_explanation(ctx.partner.activated_at()),
        contact_email: PARTNER_SUPPORT_EMAIL.to_owned(),
    })
}

pub async fn load(state: &AppState, partner_id: i64) -> ApiResult<Me> {
    let ctx = read_context(state, partner_id).await?;
    let standing = ctx.record.standing;
    let probation = standing.on_probation().then(|| ProbationLimits {
        max_job_value: probation_max_job_value(ctx.partner.currency()),
        max_active_jobs: PROBATION_MAX_ACTIVE_JOBS,
        completed_jobs_to_go: PROBATION_COMPLETED_JOBS.saturating_sub(standing.completed_jobs),
    });
    let first_job_deadline = ctx
        .record
        .first_accepted_at
        .is_none()
        .then(|| account::first_job_deadline(ctx.partner.activated_at(), ctx.partner.currency()));
    Ok(Me {
        partner_id: ctx.partner.id,
        company: ctx.partner.company.clone(),
        email: ctx.partner.email.clone(),
        capabilities: ctx.capabilities.clone(),
        standing,
        on_probation: standing.on_probation(),
        probation,
        account_state: ctx.account_state,
        activated_at: ctx.partner.activated_at(),
        first_job_deadline,
        first_job_last_day: ctx
            .record
            .first_accepted_at
            .is_none()
            .then(|| account::first_job_last_day(ctx.partner.activated_at(), ctx.partner.currency())),
        frozen: frozen_notice(&ctx),
        email_enabled: state.smtp.is_some(),
    })
}
