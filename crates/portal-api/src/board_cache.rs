//! The open jobs, read once per change of the jobs table and shared by every board request.
//! A trigger bumps `board_version` on each change, so the cache stays right however the change
//! was made (and would across several API nodes sharing one database).

use std::sync::Arc;

use tokio::sync::Mutex;

use crate::db::jobs::Job;
use crate::db::{self, Db};

#[derive(Default)]
pub struct BoardCache {
    cached: Mutex<Option<(i64, Arc<Vec<Job>>)>>,
}

impl BoardCache {
    /// Every open, unsettled job, leaving the board soonest first.
    pub async fn live_jobs(&self, db: &Db) -> Result<Arc<Vec<Job>>, sqlx::Error> {
        let version = db::jobs::board_version(&db.read).await?;
        let mut cached = self.cached.lock().await;
        if let Some((v, jobs)) = cached.as_ref()
            && *v == version
        {
            return Ok(jobs.clone());
        }
        let jobs = db::jobs::open(&db.read).await?.into_iter().map(db::jobs::JobRow::into_job);
        let jobs: Arc<Vec<Job>> = Arc::new(jobs.collect::<Result<_, db::Corrupt>>()?);
        *cached = Some((version, jobs.clone()));
        Ok(jobs)
    }
}
