//! Files on an order (R-ORD-5, R-SHP-2): uploads checked by their content and stored outside any
//! served folder under a random name, and downloads of the partner's own files.

use std::collections::{HashMap, VecDeque};
use std::future::Future;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use chrono::{DateTime, Duration, Utc};
use portal_core::api::{FieldError, StoredFile};
use portal_core::upload::{self, FileKind, Purpose, Quota, Refusal, UPLOAD_MAX_BYTES};
use rand::RngCore;
use rand::rngs::OsRng;
use tokio::io::AsyncWriteExt;

use super::inspect;
use super::orders::{detail_of, finished, refresh_status};
use crate::AppState;
use crate::db;
use crate::error::{ApiError, ApiResult};

/// A random file name (32 hex digits) with an ending.
pub(crate) fn random_name(ending: &str) -> String {
    let mut random = [0u8; 16];
    OsRng.fill_bytes(&mut random);
    format!("{}{ending}", random.iter().map(|b| format!("{b:02x}")).collect::<String>())
}

/// A file being received: written to disk as it arrives (never held whole in memory while the
/// client sends it), and removed when dropped.
pub struct Incoming {
    /// The display name the file keeps.
    pub name: String,
    path: PathBuf,
    file: tokio::fs::File,
    size: u64,
}

impl Incoming {
    /// Starts a file in `dir` (the uploads folder), under a name no download can reach.
    pub async fn create(dir: &Path, name: String) -> ApiResult<Incoming> {
        tokio::fs::create_dir_all(dir).await.map_err(ApiError::internal)?;
        let path = dir.join(random_name(".incoming"));
        let file = tokio::fs::File::create(&path).await.map_err(ApiError::internal)?;
        Ok(Incoming { name, path, file, size: 0 })
    }

    /// Appends a chunk; past 10 MB the file is refused (and removed).
    pub async fn push(&mut self, chunk: &[u8]) -> ApiResult<()> {
        self.size += chunk.len() as u64;
        if self.size > UPLOAD_MAX_BYTES {
            return Err(ApiError::FileRefused(Refusal::TooLarge));
        }
        self.file.write_all(chunk).await.map_err(ApiError::internal)
    }

    /// The display name and the whole file, taken once it has all arrived.
    pub async fn take(&mut self) -> ApiResult<(String, Vec<u8>)> {
        let bytes = self.bytes().await?;
        Ok((std::mem::take(&mut self.name), bytes))
    }

    /// The whole file (at most 10 MB), read back once it has all arrived.
    async fn bytes(&mut self) -> ApiResult<Vec<u8>> {
        self.file.flush().await.map_err(ApiError::internal)?;
        tokio::fs::read(&self.path).await.map_err(ApiError::internal)
    }
}

impl Drop for Incoming {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// Each partner's upload attempts in the rate window (issue 16), refused or not: decoding is the
/// server's heaviest work, and a partner's script should not take it all.
#[derive(Default)]
pub struct Attempts(Mutex<HashMap<i64, VecDeque<DateTime<Utc>>>>);

impl Attempts {
    /// Counts an attempt at `now`, or refuses it while the window is full.
    pub fn admit(&self, partner_id: i64, now: DateTime<Utc>, quota: Quota) -> Result<(), Refusal> {
        let window = Duration::seconds(i64::try_from(quota.window_secs).unwrap_or(i64::MAX));
        let mut all = self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        // Forget partners whose attempts are all old, so the map stays as small as the active set.
        all.retain(|_, times| times.back().is_some_and(|&t| now - t < window));
        let times = all.entry(partner_id).or_default();
        while times.front().is_some_and(|&t| now - t >= window) {
            times.pop_front();
        }
        if times.len() >= quota.attempts_per_window as usize {
            let oldest = times.front().copied().unwrap_or(now);
            let retry_after_secs = u64::try_from((oldest + window - now).num_seconds()).unwrap_or(0).max(1);
            return Err(Refusal::TooOften { retry_after_secs });
        }
        times.push_back(now);
        Ok(())
    }
}

/// Refuses a file of `size` bytes that would take the partner past its quota.
async fn within_quota(state: &AppState, partner_id: i64, size: u64) -> ApiResult<()> {
    let quota = state.upload_quota;
    let (day, total) =
        db::orders::stored_bytes(&state.db.read, partner_id, state.clock.now() - Duration::hours(24)).await?;
    if day + size > quota.day_bytes {
        return Err(ApiError::FileRefused(Refusal::DayQuota { limit_bytes: quota.day_bytes }));
    }
    if total + size > quota.total_bytes {
        return Err(ApiError::FileRefused(Refusal::TotalQuota { limit_bytes: quota.total_bytes }));
    }
    Ok(())
}

/// R-ORD-5 / R-SHP-2: checks a whole file by its content for `purpose` (`upload::check` on its
/// first bytes, then `inspect` to its last) and returns its kind and the bytes to store: photos
/// encoded again, PDFs as sent. Used by uploads and by the demo data alike.
pub fn checked(purpose: Purpose, bytes: &[u8]) -> Result<(FileKind, Vec<u8>), Refusal> {
    let kind = upload::check(purpose, &bytes[..bytes.len().min(16)], bytes.len() as u64)?;
    Ok((kind, inspect::inspect(kind, bytes)?))
}

/// R-ORD-5 / R-SHP-2: stores a file for one of the partner's open orders. A `qc_photo` names the
/// order line it shows. `file` (received to disk) is read only once the order takes the upload and
/// the partner is within its rate and quota; it is checked to its last byte, and nothing is kept
/// of a refused file. QC done can close the order (R-ORD-7).
pub async fn upload(
    state: &AppState,
    partner_id: i64,
    order_id: i64,
    purpose: Purpose,
    line_id: Option<i64>,
    file: impl Future<Output = ApiResult<Incoming>>,
) -> ApiResult<StoredFile> {
    let detail = {
        let mut conn = state.db.read.acquire().await?;
        detail_of(&mut conn, partner_id, order_id).await?
    };
    finished(&detail)?;
    let line_id = match purpose {
        Purpose::QcPhoto => {
            let line = line_id.and_then(|l| detail.line(l)).ok_or_else(|| {
                ApiError::Invalid(vec![FieldError::new(
                    "line_id",
                    "required",
                    "Say which part (order line) the photo shows.",
                )])
            })?;
            Some(line.id)
        }
        Purpose::QcReport | Purpose::PackagePhoto | Purpose::Invoice => None,
        // Store claims take their photos on the store order (`/store/orders/{id}/claim-photos`),
        // tax certificates go on the account (`/store/tax-certificates`).
        Purpose::ClaimPhoto | Purpose::TaxCertificate => {
            return Err(ApiError::Invalid(vec![FieldError::new(
                "purpose",
                "unknown",
                "Claim photos and tax certificates belong to the supplies store, not to a job's order.",
            )]));
        }
    };
    state.upload_attempts.admit(partner_id, state.clock.now(), state.upload_quota).map_err(ApiError::FileRefused)?;
    // Refused before the body is read when the quota is used up already.
    within_quota(state, partner_id, 1).await?;
    let mut incoming = file.await?;
    let bytes = incoming.bytes().await?;
    let name = std::mem::take(&mut incoming.name);
    drop(incoming);
    let (kind, stored) = {
        let _turn = state.decoding.acquire().await.map_err(ApiError::internal)?;
        tokio::task::spawn_blocking(move || checked(purpose, &bytes))
            .await
            .map_err(ApiError::internal)?
            .map_err(ApiError::FileRefused)?
    };
    let size = stored.len() as u64;
    within_quota(state, partner_id, size).await?;
    let stored_name = random_name(&format!(".{}", kind.extension()));
    let path = state.files.join(&stored_name);
    tokio::fs::write(&path, &stored).await.map_err(ApiError::internal)?;
    let now = state.clock.now();
    let record = db::orders::NewFile {
        partner_id,
        order_id,
        line_id,
        purpose,
        kind,
        name: &name,
        size,
        stored_name: &stored_name,
        uploaded_at: now,
    };
    let file_id = match db::orders::insert_file(&state.db.write, &record).await {
        Ok(file_id) => file_id,
        Err(e) => {
            // No record: no file either.
            let _ = tokio::fs::remove_file(&path).await;
            return Err(e.into());
        }
    };
    if matches!(purpose, Purpose::QcReport | Purpose::QcPhoto) {
        // Quality control done can be what an order waited for to close (R-ORD-7).
        refresh_status(&mut *state.db.write.acquire().await?, order_id).await?;
    }
    Ok(StoredFile { id: file_id, purpose, kind, name, size, line_id, uploaded_at: now })
}

/// One of the partner's files as uploaded: its kind, display name and bytes; others' are 404.
pub async fn download(state: &AppState, partner_id: i64, id: i64) -> ApiResult<(FileKind, String, Vec<u8>)> {
    let row = db::orders::file(&state.db.read, partner_id, id).await?.ok_or(ApiError::NotFound("file"))?;
    let kind = db::decode("files", row.id, "media_type", &row.media_type, FileKind::parse)?;
    let bytes = tokio::fs::read(state.files.join(&row.stored_name)).await.map_err(ApiError::internal)?;
    Ok((kind, row.name, bytes))
}
