//! Jobs on the board: who may see them (R-JOB-1), for how long (R-JOB-2) and only once (R-JOB-3).

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use crate::capability::{Capabilities, Certification, Dimensions, Finish, Machine, Material, Process};

/// The operator's checks of a posted job (reads the wire's `NewJob`; not re-exported here, so
/// the wire can import this module).
pub mod posting;

/// R-JOB-2: how long a job stays on the board after it is posted.
pub const BOARD_LIFETIME: Duration = Duration::hours(48);

/// What a job asks of the partner who makes it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct JobRequirements {
    pub process: Process,
    pub material: Material,
    pub finish: Finish,
    pub certifications: Vec<Certification>,
    pub part_size: Dimensions,
}

/// Why a job is not offered to a partner (R-JOB-1).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Mismatch {
    Process(Process),
    Material(Material),
    Finish(Finish),
    Certification(Certification),
    /// No machine of the job's process takes a part this size.
    PartSize(Dimensions),
}

/// R-JOB-1: whether the partner's capabilities can make the job; on a match, the first machine
/// of the job's process whose work envelope takes the part.
pub fn matching_machine<'c>(job: &JobRequirements, caps: &'c Capabilities) -> Result<&'c Machine, Mismatch> {
    if !caps.processes.contains(&job.process) {
        return Err(Mismatch::Process(job.process));
    }
    if !caps.materials.contains(&job.material) {
        return Err(Mismatch::Material(job.material));
    }
    if !caps.finishes.contains(&job.finish) {
        return Err(Mismatch::Finish(job.finish));
    }
    if let Some(missing) = job.certifications.iter().find(|c| !caps.certifications.contains(c)) {
        return Err(Mismatch::Certification(*missing));
    }
    caps.machines
        .iter()
        .find(|m| m.process == job.process && job.part_size.fits_within(m.envelope))
        .ok_or(Mismatch::PartSize(job.part_size))
}

/// R-JOB-1: whether the partner's capabilities can make the job. On a match, the capabilities
/// that matched, in the partner's words, so the board can say why a job is there.
pub fn match_capabilities(job: &JobRequirements, caps: &Capabilities) -> Result<Vec<String>, Mismatch> {
    let machine = matching_machine(job, caps)?;
    let mut matched =
        vec![job.process.label().to_owned(), job.material.label().to_owned(), job.finish.label().to_owned()];
    matched.extend(job.certifications.iter().map(|c| c.label().to_owned()));
    matched.push(format!("{} ({})", machine.name, machine.envelope.display()));
    Ok(matched)
}

/// R-JOB-2: the moment a job leaves the board.
pub fn board_closes_at(posted_at: DateTime<Utc>) -> DateTime<Utc> {
    posted_at + BOARD_LIFETIME
}

/// R-JOB-2: seconds until the job leaves the board at `closes_at` (0 once it has).
pub fn seconds_left(closes_at: DateTime<Utc>, now: DateTime<Utc>) -> i64 {
    (closes_at - now).num_seconds().max(0)
}

/// When a job is on the boards: from posting until `closes`, which is 48 hours later (R-JOB-2)
/// unless the marketplace closed the bidding early.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BoardWindow {
    pub opens: DateTime<Utc>,
    pub closes: DateTime<Utc>,
}

impl BoardWindow {
    /// R-JOB-2: the full 48 hours from posting.
    pub fn posted(posted_at: DateTime<Utc>) -> BoardWindow {
        BoardWindow { opens: posted_at, closes: board_closes_at(posted_at) }
    }

    pub fn contains(self, now: DateTime<Utc>) -> bool {
        self.opens <= now && now < self.closes
    }

    /// Whether the job has left the boards by `now` (its bidding is over).
    pub fn has_closed(self, now: DateTime<Utc>) -> bool {
        now >= self.closes
    }
}

/// Where a job stands for everyone.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum JobStatus {
    Open,
    Taken,
    Withdrawn,
}

impl JobStatus {
    pub fn slug(self) -> &'static str {
        match self {
            JobStatus::Open => "open",
            JobStatus::Taken => "taken",
            JobStatus::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(slug: &str) -> Option<JobStatus> {
        [JobStatus::Open, JobStatus::Taken, JobStatus::Withdrawn].into_iter().find(|s| s.slug() == slug)
    }
}

/// What one partner did with a job.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    Accepted,
    Declined,
    Counteroffered,
}

impl Decision {
    pub const ALL: [Decision; 3] = [Decision::Accepted, Decision::Declined, Decision::Counteroffered];

    pub fn slug(self) -> &'static str {
        match self {
            Decision::Accepted => "accepted",
            Decision::Declined => "declined",
            Decision::Counteroffered => "counteroffered",
        }
    }

    pub fn parse(slug: &str) -> Option<Decision> {
        Decision::ALL.into_iter().find(|d| d.slug() == slug)
    }
}

/// R-JOB-2 and R-JOB-3: whether a job is on this partner's board now. A job is there while it
/// is open and inside its 48 hours, and only until the partner has acted on it; once it is
/// declined, counteroffered, expired or taken it never comes back.
pub fn on_board(status: JobStatus, window: BoardWindow, now: DateTime<Utc>, my_decision: Option<Decision>) -> bool {
    status == JobStatus::Open && my_decision.is_none() && window.contains(now)
}

/// R-JOB-2: the span `[from, until)` around `now` in which none of `windows` opens or closes, so
/// at every instant of it the same windows hold the board as at `now`. A board worked out at
/// `now` stays right for that span and no longer (the clock may also be set back).
pub fn steady_span(
    windows: impl IntoIterator<Item = BoardWindow>,
    now: DateTime<Utc>,
) -> (DateTime<Utc>, DateTime<Utc>) {
    let (mut from, mut until) = (DateTime::<Utc>::MIN_UTC, DateTime::<Utc>::MAX_UTC);
    for w in windows {
        if now < w.opens {
            until = until.min(w.opens);
        } else if w.has_closed(now) {
            from = from.max(w.closes);
        } else {
            from = from.max(w.opens);
            until = until.min(w.closes);
        }
    }
    (from, until)
}

/// Why a job that was on the board can no longer be accepted (R-JOB-10).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Gone {
    Taken,
    Expired,
    Withdrawn,
    /// R-JOB-3: this partner acted on the job already.
    AlreadyDecided(Decision),
}

impl Gone {
    pub fn message(self) -> &'static str {
        match self {
            Gone::Taken => "Another partner took this job first.",
            Gone::Expired => "This job has left the board: its bidding is over.",
            Gone::Withdrawn => "The marketplace withdrew this job.",
            Gone::AlreadyDecided(Decision::Accepted) => "You accepted this job already; it is in My orders.",
            Gone::AlreadyDecided(Decision::Declined) => "You declined this job already.",
            Gone::AlreadyDecided(Decision::Counteroffered) => {
                "You made a counteroffer on this job already; see My counteroffers."
            }
        }
    }
}

/// R-JOB-10: why a job cannot be taken any more, if it cannot.
pub fn gone(status: JobStatus, window: BoardWindow, now: DateTime<Utc>, my_decision: Option<Decision>) -> Option<Gone> {
    match (status, my_decision) {
        (JobStatus::Taken, _) => Some(Gone::Taken),
        (JobStatus::Withdrawn, _) => Some(Gone::Withdrawn),
        (JobStatus::Open, Some(d)) => Some(Gone::AlreadyDecided(d)),
        (JobStatus::Open, None) if !on_board(status, window, now, None) => Some(Gone::Expired),
        (JobStatus::Open, None) => None,
    }
}

/// One of the marketplace's files for a part: the 3D model or the 2D drawing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DrawingFile {
    /// The 3D model, STEP (ISO 10303-21).
    Model,
    /// The 2D drawing with dimensions and tolerances, PDF.
    Drawing,
}

impl DrawingFile {
    pub const ALL: [DrawingFile; 2] = [DrawingFile::Model, DrawingFile::Drawing];

    fn extension(self) -> &'static str {
        match self {
            DrawingFile::Model => "step",
            DrawingFile::Drawing => "pdf",
        }
    }

    pub fn media_type(self) -> &'static str {
        match self {
            DrawingFile::Model => "model/step",
            DrawingFile::Drawing => "application/pdf",
        }
    }

    /// What a partner reads beside the file's name.
    pub fn label(self) -> &'static str {
        match self {
            DrawingFile::Model => "3D model (STEP)",
            DrawingFile::Drawing => "Drawing (PDF)",
        }
    }

    /// The file's name for a part: `J-24010-1.step`.
    pub fn name(self, reference: &str, line_no: u32) -> String {
        format!("{reference}-{line_no}.{}", self.extension())
    }

    /// Which file of the part a name is, if any.
    pub fn of(name: &str, reference: &str, line_no: u32) -> Option<DrawingFile> {
        DrawingFile::ALL.into_iter().find(|f| f.name(reference, line_no) == name)
    }

    /// The kind a file's name says.
    pub fn from_name(name: &str) -> Option<DrawingFile> {
        DrawingFile::ALL.into_iter().find(|f| name.ends_with(&format!(".{}", f.extension())))
    }
}

/// The marketplace's files for one part of a job (a job's part is line 1 of its order).
pub fn drawing_names(reference: &str, line_no: u32) -> Vec<String> {
    DrawingFile::ALL.iter().map(|f| f.name(reference, line_no)).collect()
}

/// R-ORD-1: the lead time in days a job gives when accepted on `today` (the marketplace's day).
pub fn lead_time_days(ship_by: chrono::NaiveDate, today: chrono::NaiveDate) -> i64 {
    (ship_by - today).num_days()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn drawings_are_named_by_reference_and_line() {
        assert_eq!(drawing_names("J-1", 2), ["J-1-2.step", "J-1-2.pdf"]);
        assert_eq!(DrawingFile::of("J-1-2.pdf", "J-1", 2), Some(DrawingFile::Drawing));
        assert_eq!(DrawingFile::of("J-1-3.pdf", "J-1", 2), None);
        assert_eq!(DrawingFile::of("../J-1-2.pdf", "J-1", 2), None);
    }

    /// R-ORD-1: the lead time counts calendar days from the day of accepting.
    #[test]
    fn lead_time_counts_days_from_today_r_ord_1() {
        let d = |m, day| chrono::NaiveDate::from_ymd_opt(2026, m, day).unwrap();
        assert_eq!(lead_time_days(d(12, 14), d(12, 2)), 12);
        assert_eq!(lead_time_days(d(12, 2), d(12, 2)), 0);
    }

    fn caps() -> Capabilities {
        Capabilities {
            processes: vec![Process::CncMilling],
            materials: vec![Material::Aluminum6061],
            finishes: vec![Finish::AsMachined, Finish::Anodized],
            certifications: vec![Certification::Iso9001],
            machines: vec![Machine {
                name: "Haas VF-2".into(),
                process: Process::CncMilling,
                envelope: Dimensions::new(762, 406, 508),
            }],
        }
    }

    fn job() -> JobRequirements {
        JobRequirements {
            process: Process::CncMilling,
            material: Material::Aluminum6061,
            finish: Finish::Anodized,
            certifications: vec![Certification::Iso9001],
            part_size: Dimensions::new(120, 80, 40),
        }
    }

    // R-JOB-1
    #[test]
    fn r_job_1_matching_job_lists_what_matched() {
        let matched = match_capabilities(&job(), &caps()).unwrap();
        assert!(matched.contains(&"CNC milling".to_owned()));
        assert!(matched.iter().any(|m| m.starts_with("Haas VF-2")));
    }

    // R-JOB-1
    #[test]
    fn r_job_1_each_requirement_can_exclude_a_job() {
        let cases: Vec<(&str, JobRequirements, Mismatch)> = vec![
            ("process", JobRequirements { process: Process::Sls, ..job() }, Mismatch::Process(Process::Sls)),
            ("material", JobRequirements { material: Material::Abs, ..job() }, Mismatch::Material(Material::Abs)),
            ("finish", JobRequirements { finish: Finish::Dyed, ..job() }, Mismatch::Finish(Finish::Dyed)),
            (
                "certification",
                JobRequirements { certifications: vec![Certification::As9100], ..job() },
                Mismatch::Certification(Certification::As9100),
            ),
            (
                "part size",
                JobRequirements { part_size: Dimensions::new(763, 10, 10), ..job() },
                Mismatch::PartSize(Dimensions::new(763, 10, 10)),
            ),
        ];
        for (name, j, expected) in cases {
            assert_eq!(match_capabilities(&j, &caps()), Err(expected), "{name}");
        }
    }

    // R-JOB-1
    #[test]
    fn r_job_1_part_exactly_the_envelope_matches() {
        let j = JobRequirements { part_size: Dimensions::new(762, 406, 508), ..job() };
        assert!(match_capabilities(&j, &caps()).is_ok());
    }

    // R-JOB-1
    #[test]
    fn r_job_1_machine_of_another_process_does_not_count() {
        let mut c = caps();
        c.processes.push(Process::CncTurning);
        c.machines[0].process = Process::CncTurning;
        assert_eq!(match_capabilities(&job(), &c), Err(Mismatch::PartSize(job().part_size)));
    }

    fn t0() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 20, 10, 0, 0).unwrap()
    }

    fn w() -> BoardWindow {
        BoardWindow::posted(t0())
    }

    // R-JOB-2, R-JOB-6: the marketplace may close the bidding before the 48 hours are over.
    #[test]
    fn r_job_2_a_window_closed_early_ends_at_its_close() {
        let early = BoardWindow { closes: t0() + Duration::hours(3), ..w() };
        assert!(on_board(JobStatus::Open, early, t0() + Duration::hours(3) - Duration::seconds(1), None));
        assert!(!on_board(JobStatus::Open, early, t0() + Duration::hours(3), None));
        assert!(early.has_closed(t0() + Duration::hours(3)));
        assert_eq!(gone(JobStatus::Open, early, t0() + Duration::hours(4), None), Some(Gone::Expired));
    }

    // R-JOB-2
    #[test]
    fn r_job_2_on_board_until_exactly_48_hours() {
        let almost = t0() + BOARD_LIFETIME - Duration::seconds(1);
        assert!(on_board(JobStatus::Open, w(), t0(), None));
        assert!(on_board(JobStatus::Open, w(), almost, None));
        assert_eq!(seconds_left(w().closes, almost), 1);
        assert!(!on_board(JobStatus::Open, w(), t0() + BOARD_LIFETIME, None), "gone at exactly 48 h");
        assert_eq!(seconds_left(w().closes, t0() + BOARD_LIFETIME), 0);
        assert_eq!(seconds_left(w().closes, t0()), 48 * 3600);
    }

    // R-JOB-2
    #[test]
    fn r_job_2_not_on_board_before_it_is_posted() {
        assert!(!on_board(JobStatus::Open, w(), t0() - Duration::seconds(1), None));
    }

    // R-JOB-3
    /// R-JOB-2: which windows hold the board changes only at an edge of one of them, so a board
    /// worked out at `now` is right from the last edge passed to the next one ahead.
    #[test]
    fn r_job_2_the_board_is_steady_between_the_nearest_edges() {
        let h = Duration::hours;
        let now = t0() + h(10);
        let open = BoardWindow { opens: t0(), closes: t0() + h(48) };
        let closed = BoardWindow { opens: t0() - h(60), closes: t0() + h(2) };
        let later = BoardWindow { opens: t0() + h(30), closes: t0() + h(78) };
        let (from, until) = steady_span([open, closed, later], now);
        assert_eq!((from, until), (t0() + h(2), t0() + h(30)));
        for at in [from, now, until - Duration::seconds(1)] {
            for w in [open, closed, later] {
                assert_eq!(w.contains(at), w.contains(now), "{at}");
            }
        }
        assert!(closed.contains(from - Duration::seconds(1)), "set back past an edge, the board differs");
        assert!(later.contains(until), "at the next edge it differs");
        assert_eq!(steady_span([], now), (DateTime::<Utc>::MIN_UTC, DateTime::<Utc>::MAX_UTC));
    }

    #[test]
    fn r_job_3_seen_once_after_decision_expiry_or_taken() {
        let now = t0() + Duration::hours(1);
        for d in [Decision::Accepted, Decision::Declined, Decision::Counteroffered] {
            assert!(!on_board(JobStatus::Open, w(), now, Some(d)), "{d:?}");
        }
        assert!(!on_board(JobStatus::Taken, w(), now, None));
        assert!(!on_board(JobStatus::Withdrawn, w(), now, None));
        assert!(!on_board(JobStatus::Open, w(), t0() + Duration::hours(49), None));
    }

    // R-JOB-10
    #[test]
    fn r_job_10_gone_says_why() {
        let now = t0() + Duration::hours(1);
        assert_eq!(gone(JobStatus::Open, w(), now, None), None);
        assert_eq!(gone(JobStatus::Taken, w(), now, None), Some(Gone::Taken));
        assert_eq!(gone(JobStatus::Open, w(), t0() + BOARD_LIFETIME, None), Some(Gone::Expired));
        assert_eq!(
            gone(JobStatus::Open, w(), now, Some(Decision::Declined)),
            Some(Gone::AlreadyDecided(Decision::Declined))
        );
    }
}
