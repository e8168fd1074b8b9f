//! The board's filter and sort, kept in the URL query: one parser for the SPA and the API.

use serde::{Deserialize, Serialize};

use chrono::{DateTime, NaiveDate, Utc};

use crate::api::BoardJob;
use crate::capability::{Material, Process};
use crate::money::Money;

/// What the board's filter and sort look at, so the server can filter its own job records and
/// the SPA the jobs it received with one implementation.
pub trait Listing {
    fn id(&self) -> i64;
    fn process(&self) -> Process;
    fn material(&self) -> Material;
    fn closes_at(&self) -> DateTime<Utc>;
    fn price(&self) -> Money;
    fn ship_by(&self) -> NaiveDate;
    fn posted_at(&self) -> DateTime<Utc>;
}

impl<T: Listing> Listing for &T {
    fn id(&self) -> i64 {
        (*self).id()
    }
    fn process(&self) -> Process {
        (*self).process()
    }
    fn material(&self) -> Material {
        (*self).material()
    }
    fn closes_at(&self) -> DateTime<Utc> {
        (*self).closes_at()
    }
    fn price(&self) -> Money {
        (*self).price()
    }
    fn ship_by(&self) -> NaiveDate {
        (*self).ship_by()
    }
    fn posted_at(&self) -> DateTime<Utc> {
        (*self).posted_at()
    }
}

impl Listing for BoardJob {
    fn id(&self) -> i64 {
        self.id
    }
    fn process(&self) -> Process {
        self.process
    }
    fn material(&self) -> Material {
        self.material
    }
    fn closes_at(&self) -> DateTime<Utc> {
        self.closes_at
    }
    fn price(&self) -> Money {
        self.price
    }
    fn ship_by(&self) -> NaiveDate {
        self.ship_by
    }
    fn posted_at(&self) -> DateTime<Utc> {
        self.posted_at
    }
}

/// How the board is ordered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum BoardSort {
    /// Leaving the board soonest first.
    #[default]
    TimeLeft,
    /// Best paid first.
    Price,
    /// Earliest ship-by date first.
    ShipDate,
    /// Posted most recently first.
    Newest,
}

/// A job and where it is in its list, sorted by the job.
struct Placed<'a, T>(usize, &'a T);

impl<T: Listing> Listing for Placed<'_, T> {
    fn id(&self) -> i64 {
        self.1.id()
    }
    fn process(&self) -> Process {
        self.1.process()
    }
    fn material(&self) -> Material {
        self.1.material()
    }
    fn closes_at(&self) -> DateTime<Utc> {
        self.1.closes_at()
    }
    fn price(&self) -> Money {
        self.1.price()
    }
    fn ship_by(&self) -> NaiveDate {
        self.1.ship_by()
    }
    fn posted_at(&self) -> DateTime<Utc> {
        self.1.posted_at()
    }
}

impl BoardSort {
    /// The positions in `jobs` in this order (the same order as [`BoardQuery::apply`]).
    pub fn positions<T: Listing>(self, jobs: &[T]) -> Vec<usize> {
        let mut placed: Vec<Placed<'_, T>> = jobs.iter().enumerate().map(|(i, j)| Placed(i, j)).collect();
        BoardQuery { sort: self, ..BoardQuery::default() }.apply(&mut placed);
        placed.into_iter().map(|p| p.0).collect()
    }

    /// Where `a` goes relative to `b`; ties end on the id.
    fn compare<T: Listing>(self, a: &T, b: &T) -> std::cmp::Ordering {
        match self {
            BoardSort::TimeLeft => (a.closes_at(), a.id()).cmp(&(b.closes_at(), b.id())),
            BoardSort::Price => {
                let (pa, pb) = (a.price(), b.price());
                (pb.currency, pb.amount_minor, a.id()).cmp(&(pa.currency, pa.amount_minor, b.id()))
            }
            BoardSort::ShipDate => (a.ship_by(), a.id()).cmp(&(b.ship_by(), b.id())),
            BoardSort::Newest => (b.posted_at(), b.id()).cmp(&(a.posted_at(), a.id())),
        }
    }

    pub const ALL: [BoardSort; 4] = [BoardSort::TimeLeft, BoardSort::Newest, BoardSort::Price, BoardSort::ShipDate];

    pub fn slug(self) -> &'static str {
        match self {
            BoardSort::TimeLeft => "time_left",
            BoardSort::Price => "price",
            BoardSort::ShipDate => "ship_date",
            BoardSort::Newest => "newest",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            BoardSort::TimeLeft => "Time left",
            BoardSort::Price => "Price (highest first)",
            BoardSort::ShipDate => "Ship-by date",
            BoardSort::Newest => "Newest first",
        }
    }

    pub fn parse(slug: &str) -> Option<BoardSort> {
        BoardSort::ALL.into_iter().find(|s| s.slug() == slug)
    }
}

/// The board's filter and sort.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct BoardQuery {
    pub process: Option<Process>,
    pub material: Option<Material>,
    pub sort: BoardSort,
}

impl BoardQuery {
    /// Reads `process`, `material` and `sort` from query pairs. Unknown values are ignored, so an
    /// old bookmark still opens the board.
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> BoardQuery {
        let mut q = BoardQuery::default();
        for (key, value) in pairs {
            match key {
                "process" => q.process = Process::parse(value),
                "material" => q.material = Material::parse(value),
                "sort" => q.sort = BoardSort::parse(value).unwrap_or_default(),
                _ => {}
            }
        }
        q
    }

    /// The query pairs to put in the URL; defaults are left out.
    pub fn to_pairs(self) -> Vec<(&'static str, &'static str)> {
        let mut pairs = Vec::new();
        if let Some(p) = self.process {
            pairs.push(("process", p.slug()));
        }
        if let Some(m) = self.material {
            pairs.push(("material", m.slug()));
        }
        if self.sort != BoardSort::default() {
            pairs.push(("sort", self.sort.slug()));
        }
        pairs
    }

    pub fn matches(&self, job: &impl Listing) -> bool {
        self.process.is_none_or(|p| p == job.process()) && self.material.is_none_or(|m| m == job.material())
    }

    /// The positions in `jobs` of the matching jobs, in order, given `jobs` in `sort` order as
    /// [`BoardSort::positions`] gives them: a list that filters often sorts once.
    pub fn matching(&self, jobs: &[impl Listing], sorted: &[usize]) -> Vec<usize> {
        sorted.iter().copied().filter(|&i| jobs.get(i).is_some_and(|j| self.matches(j))).collect()
    }

    /// Filters and sorts in place. Ties break on the job id so the order is stable.
    pub fn apply<T: Listing>(&self, jobs: &mut Vec<T>) {
        jobs.retain(|j| self.matches(j));
        // Every order ends on the id, so no two jobs compare equal and an unstable sort (one
        // copy of the sorting code, not one per order) gives the one result.
        let sort = self.sort;
        jobs.sort_unstable_by(|a, b| sort.compare(a, b));
    }
}

/// Each process and each material a filter offers, with how many jobs it has.
pub type Facets = (Vec<(Process, usize)>, Vec<(Material, usize)>);

/// The filter's choices that exist on a board (issue 17): each process with its jobs, and each
/// material with the jobs of the chosen process (all processes when none is chosen), in the
/// lists' own order. A choice in the query that has no jobs stays offered (with 0), so the
/// filter never hides what it is set to.
pub fn facets(jobs: &[impl Listing], query: &BoardQuery) -> Facets {
    let mut processes: Vec<(Process, usize)> = Process::ALL.iter().map(|&p| (p, 0)).collect();
    let mut materials: Vec<(Material, usize)> = Material::ALL.iter().map(|&m| (m, 0)).collect();
    for job in jobs {
        if let Some(slot) = processes.iter_mut().find(|(p, _)| *p == job.process()) {
            slot.1 += 1;
        }
        if query.process.is_none_or(|p| p == job.process())
            && let Some(slot) = materials.iter_mut().find(|(m, _)| *m == job.material())
        {
            slot.1 += 1;
        }
    }
    processes.retain(|(p, n)| *n > 0 || query.process == Some(*p));
    materials.retain(|(m, n)| *n > 0 || query.material == Some(*m));
    (processes, materials)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::capability::{Dimensions, Finish};

    /// Issue 17: the material list follows the process; the chosen values stay offered.
    #[test]
    fn facets_offer_only_combinations_on_the_board() {
        let mut sls = job(2, Process::Sls, 900, 10, 12);
        sls.material = Material::Nylon12;
        let jobs = vec![job(1, Process::CncMilling, 500, 30, 10), sls, job(3, Process::CncMilling, 700, 20, 11)];
        let all = BoardQuery::default();
        let (p, m) = facets(&jobs, &all);
        assert_eq!(p, [(Process::CncMilling, 2), (Process::Sls, 1)]);
        assert_eq!(m, [(Material::Aluminum6061, 2), (Material::Nylon12, 1)]);
        let cnc = BoardQuery { process: Some(Process::CncMilling), ..all };
        assert_eq!(facets(&jobs, &cnc).1, [(Material::Aluminum6061, 2)]);
        let stale = BoardQuery { process: Some(Process::Dmls), material: Some(Material::Titanium6al4v), ..all };
        let (p, m) = facets(&jobs, &stale);
        assert!(p.contains(&(Process::Dmls, 0)));
        assert_eq!(m, [(Material::Titanium6al4v, 0)]);
    }
    use crate::money::Money;
    use chrono::{NaiveDate, TimeZone, Utc};

    pub(crate) fn job(id: i64, process: Process, price: i64, hours_left: i64, ship_day: u32) -> BoardJob {
        let closes = Utc.with_ymd_and_hms(2026, 11, 21, 0, 0, 0).unwrap() + chrono::Duration::hours(hours_left);
        BoardJob {
            id,
            reference: format!("J-{id}"),
            part_name: "Bracket".into(),
            process,
            material: Material::Aluminum6061,
            finish: Finish::AsMachined,
            certifications: vec![],
            part_size: Dimensions::new(10, 10, 10),
            quantity: 1,
            price: Money::usd(price),
            ship_by: NaiveDate::from_ymd_opt(2026, 12, ship_day).unwrap(),
            posted_at: closes - chrono::Duration::hours(48),
            closes_at: closes,
            seconds_left: 0,
            matched: vec![],
            can_accept: true,
            blocked: None,
            can_counteroffer: true,
            bonus: None,
        }
    }

    #[test]
    fn positions_then_matching_give_the_order_apply_gives() {
        let jobs = vec![
            job(1, Process::CncMilling, 500, 30, 10),
            job(2, Process::Sls, 900, 10, 12),
            job(3, Process::CncMilling, 700, 20, 11),
            job(4, Process::CncMilling, 700, 5, 9),
        ];
        for sort in [BoardSort::TimeLeft, BoardSort::Price, BoardSort::ShipDate, BoardSort::Newest] {
            let q = BoardQuery { process: Some(Process::CncMilling), material: None, sort };
            let mut applied: Vec<&BoardJob> = jobs.iter().collect();
            q.apply(&mut applied);
            let positions = q.matching(&jobs, &sort.positions(&jobs));
            let ids: Vec<i64> = positions.iter().map(|&i| jobs[i].id).collect();
            assert_eq!(ids, applied.iter().map(|j| j.id).collect::<Vec<_>>(), "{sort:?}");
        }
    }

    #[test]
    fn query_round_trips_and_ignores_unknown_values() {
        let q = BoardQuery::from_pairs([("process", "cnc_milling"), ("sort", "price"), ("x", "y")]);
        assert_eq!(q.process, Some(Process::CncMilling));
        assert_eq!(q.sort, BoardSort::Price);
        assert_eq!(q.to_pairs(), vec![("process", "cnc_milling"), ("sort", "price")]);
        assert_eq!(BoardQuery::from_pairs([("process", "warp_drive")]), BoardQuery::default());
    }

    #[test]
    fn filters_and_sorts() {
        let mut jobs = vec![
            job(1, Process::CncMilling, 100, 5, 3),
            job(2, Process::Sls, 900, 1, 1),
            job(3, Process::CncMilling, 500, 2, 9),
        ];
        let mut by_price = jobs.clone();
        BoardQuery { sort: BoardSort::Price, ..Default::default() }.apply(&mut by_price);
        assert_eq!(by_price.iter().map(|j| j.id).collect::<Vec<_>>(), [2, 3, 1]);
        let mut newest = jobs.clone();
        BoardQuery { sort: BoardSort::Newest, ..Default::default() }.apply(&mut newest);
        assert_eq!(newest.iter().map(|j| j.id).collect::<Vec<_>>(), [1, 3, 2], "posted latest first");

        BoardQuery { process: Some(Process::CncMilling), ..Default::default() }.apply(&mut jobs);
        assert_eq!(jobs.iter().map(|j| j.id).collect::<Vec<_>>(), [3, 1]);
    }
}
