//! Files on an order (R-ORD-5, R-SHP-2): uploads checked by their content and stored outside any
//! served folder under a random name, and downloads of the partner's own files.

use std::future::Future;

use portal_core::api::{FieldError, StoredFile};
use portal_core::upload::{self, FileKind, Purpose};
use rand::RngCore;
use rand::rngs::OsRng;

use super::orders::{detail_of, finished, refresh_status};
use crate::AppState;
use crate::db;
use crate::error::{ApiError, ApiResult};

/// R-ORD-5 / R-SHP-2: stores a file for one of the partner's open orders. A `qc_photo` names the
/// order line it shows. `file` (the display name and bytes) is read only once the order takes the
/// upload; the bytes are checked by their content, and nothing is kept of a refused file. QC done
/// can close the order (R-ORD-7).
pub async fn upload(
    state: &AppState,
    partner_id: i64,
    order_id: i64,
    purpose: Purpose,
    line_id: Option<i64>,
    file: impl Future<Output = ApiResult<(String, Vec<u8>)>>,
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
    };
    let (name, bytes) = file.await?;
    let kind =
        upload::check(purpose, &bytes[..bytes.len().min(16)], bytes.len() as u64).map_err(ApiError::FileRefused)?;
    let mut random = [0u8; 16];
    OsRng.fill_bytes(&mut random);
    let stored_name = format!("{}.{}", random.iter().map(|b| format!("{b:02x}")).collect::<String>(), kind.extension());
    let path = state.files.join(&stored_name);
    tokio::fs::create_dir_all(state.files.as_path()).await.map_err(ApiError::internal)?;
    tokio::fs::write(&path, &bytes).await.map_err(ApiError::internal)?;
    let now = state.clock.now();
    let record = db::orders::NewFile {
        partner_id,
        order_id,
        line_id,
        purpose,
        kind,
        name: &name,
        size: bytes.len() as u64,
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
    Ok(StoredFile { id: file_id, purpose, kind, name, size: bytes.len() as u64, line_id, uploaded_at: now })
}

/// One of the partner's files as uploaded: its kind, display name and bytes; others' are 404.
pub async fn download(state: &AppState, partner_id: i64, id: i64) -> ApiResult<(FileKind, String, Vec<u8>)> {
    let row = db::orders::file(&state.db.read, partner_id, id).await?.ok_or(ApiError::NotFound("file"))?;
    let kind = db::decode("files", row.id, "media_type", &row.media_type, FileKind::parse)?;
    let bytes = tokio::fs::read(state.files.join(&row.stored_name)).await.map_err(ApiError::internal)?;
    Ok((kind, row.name, bytes))
}
