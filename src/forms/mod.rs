//! The form layer: every form of the portal is a [`Form`] over a reactive store of its draft
//! (the types and their parsing live in `portal_core::draft`), shown with the field components
//! of [`fields`], kept between visits by the [`drafts::DraftStore`], and, when it has steps,
//! driven by the [`wizard::Wizard`] controller.
//!
//! One rule decides which message a field shows, everywhere ([`Feedback::message`]): the
//! server's message until the partner edits the field; then the form's own check, once the
//! field was touched (edited or left) or the partner submitted (or pressed "Continue" on the
//! field's step).

pub mod drafts;
pub mod fields;
pub mod sticky;
pub mod wizard;

use std::collections::BTreeSet;

use leptos::prelude::*;
use portal_core::api::FieldError;
use reactive_stores::Store;

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::api::ApiError;
use crate::forms::drafts::DraftStore;
use crate::session::expect_session;

/// Which message each field shows. Copy, and provided as context by every form, so the field
/// components find it themselves.
#[derive(Clone, Copy)]
pub struct Feedback {
    touched: RwSignal<BTreeSet<String>>,
    /// Steps whose every message shows ("Continue" or submit was pressed on them).
    shown_steps: RwSignal<BTreeSet<usize>>,
    server: RwSignal<Vec<FieldError>>,
    /// Every message of the form's own checks, over all its steps.
    local: Signal<Vec<FieldError>>,
    step_of: fn(&str) -> usize,
}

/// Forms without steps have one.
pub fn one_step(_field: &str) -> usize {
    1
}

impl Feedback {
    pub fn new(local: Signal<Vec<FieldError>>, step_of: fn(&str) -> usize) -> Feedback {
        Feedback {
            touched: RwSignal::new(BTreeSet::new()),
            shown_steps: RwSignal::new(BTreeSet::new()),
            server: RwSignal::new(Vec::new()),
            local,
            step_of,
        }
    }

    /// The message beside `field`, by the one rule.
    pub fn message(self, field: impl Into<String>) -> Signal<Option<String>> {
        let field = field.into();
        Signal::derive(move || {
            if let Some(e) = self.server.read().iter().find(|e| e.field == field) {
                return Some(e.message.clone());
            }
            let shown =
                self.touched.read().contains(&field) || self.shown_steps.read().contains(&(self.step_of)(&field));
            if !shown {
                return None;
            }
            self.local.read().iter().find(|e| e.field == field).map(|e| e.message.clone())
        })
    }

    /// The partner edited or left `field`: its server message goes, its own check shows.
    pub fn touch(self, field: &str) {
        if self.server.read_untracked().iter().any(|e| e.field == field) {
            self.server.update(|s| s.retain(|e| e.field != field));
        }
        if !self.touched.read_untracked().contains(field) {
            self.touched.update(|t| {
                t.insert(field.to_owned());
            });
        }
    }

    /// "Continue" or submit on `step`: every message of the step shows. Returns the step's
    /// messages (empty when the step may be left).
    pub fn show_step(self, step: usize) -> Vec<FieldError> {
        self.shown_steps.update(|s| {
            s.insert(step);
        });
        self.errors_of(step)
    }

    /// The form's own messages on `step` now.
    pub fn errors_of(self, step: usize) -> Vec<FieldError> {
        self.local.read_untracked().iter().filter(|e| (self.step_of)(&e.field) == step).cloned().collect()
    }

    /// The form's own messages on `step` (tracked).
    pub fn step_errors(self, step: usize) -> Vec<FieldError> {
        self.local.read().iter().filter(|e| (self.step_of)(&e.field) == step).cloned().collect()
    }

    /// Whether the partner has touched any field or submitted (tracked).
    pub fn any_shown(self) -> bool {
        !self.touched.read().is_empty() || !self.shown_steps.read().is_empty()
    }

    /// The server's messages from a refused request, shown beside their fields.
    pub fn set_server(self, errors: Vec<FieldError>) {
        self.server.set(errors);
    }

    /// The step of the first of `errors`, if any.
    pub fn step_of_first(self, errors: &[FieldError]) -> Option<usize> {
        errors.first().map(|e| (self.step_of)(&e.field))
    }

    /// Starts over: nothing touched, no server message (a dialog opened again).
    pub fn reset(self) {
        self.touched.set(BTreeSet::new());
        self.shown_steps.set(BTreeSet::new());
        self.server.set(Vec::new());
    }
}

/// A form: its draft in a reactive store (fields bind to the store's fields) and its feedback.
pub struct Form<T: Send + Sync + 'static> {
    pub draft: Store<T>,
    pub feedback: Feedback,
    /// For a kept form: what is stored (on the server, or fresh); a draft equal to it is not kept.
    baseline: Option<StoredValue<T>>,
}

impl<T: Send + Sync + 'static> Clone for Form<T> {
    fn clone(&self) -> Form<T> {
        *self
    }
}

impl<T: Send + Sync + 'static> Copy for Form<T> {}

impl<T: Send + Sync + 'static> Form<T> {
    /// A form over `initial`; `check` is the form's own check of the whole draft (every step),
    /// from `portal_core::draft`; `step_of` names each field's step.
    pub fn new(
        initial: T,
        check: impl Fn(&T) -> Vec<FieldError> + Send + Sync + 'static,
        step_of: fn(&str) -> usize,
    ) -> Form<T> {
        let draft = Store::new(initial);
        let local = Memo::new(move |_| check(&draft.read()));
        let feedback = Feedback::new(local.into(), step_of);
        provide_context(feedback);
        Form { draft, feedback, baseline: None }
    }

    /// The draft now, untracked.
    pub fn value(self) -> T
    where
        T: Clone,
    {
        self.draft.get_untracked()
    }
}

impl<T: Clone + PartialEq + Serialize + DeserializeOwned + Send + Sync + 'static> Form<T> {
    /// A form whose draft is kept on this device under `name` for the logged-in partner while it
    /// differs from `fresh` (opening a form and leaving keeps nothing). Returns whether a kept
    /// draft was restored.
    pub fn kept(
        name: String,
        fresh: impl FnOnce() -> T,
        check: impl Fn(&T) -> Vec<FieldError> + Send + Sync + 'static,
        step_of: fn(&str) -> usize,
    ) -> (Form<T>, bool) {
        let drafts = partner_drafts();
        let restored = drafts.load::<T>(&name);
        let was_restored = restored.is_some();
        let fresh = fresh();
        let baseline = StoredValue::new(fresh.clone());
        let mut form = Form::new(restored.unwrap_or(fresh), check, step_of);
        form.baseline = Some(baseline);
        Effect::new(move |_| {
            let draft = form.draft.get();
            if baseline.with_value(|b| *b != draft) {
                drafts.save(&name, &draft);
            } else {
                drafts.clear(&name);
            }
        });
        (form, was_restored)
    }

    /// The draft is now what is stored (saved on the server): it shows `value`, and nothing is
    /// kept on the device until the partner changes it again.
    pub fn settle(self, value: T) {
        if let Some(baseline) = self.baseline {
            baseline.set_value(value.clone());
        }
        self.draft.set(value);
    }
}

/// Forgets the logged-in partner's kept draft `name` (sent, or discarded).
pub fn forget_draft(name: &str) {
    partner_drafts().clear(name);
}

/// The logged-in partner's drafts.
pub fn partner_drafts() -> DraftStore {
    DraftStore::for_partner(expect_session().me().map_or(0, |m| m.partner_id))
}

/// How a refused request is shown: field messages beside their fields; anything else as the
/// form's message. A lost session is handled here once, for every form: the partner is sent to
/// log in again and the draft stays on this device.
pub fn refused(feedback: Feedback, error: &ApiError) -> Option<String> {
    match error {
        ApiError::Unauthenticated => {
            expect_session().logged_out();
            None
        }
        ApiError::Problem(p) if !p.errors.is_empty() => {
            feedback.set_server(p.errors.clone());
            Some(error.to_string())
        }
        e => Some(e.to_string()),
    }
}

/// A closed list a partner chooses from (the rulebook's labelled enums).
pub trait Choice: Copy + PartialEq + Send + Sync + 'static {
    fn all() -> &'static [Self];
    fn slug(self) -> &'static str;
    fn label(self) -> &'static str;
}

macro_rules! choices {
    ($($t:ty),+ $(,)?) => {$(
        impl Choice for $t {
            fn all() -> &'static [Self] { &<$t>::ALL }
            fn slug(self) -> &'static str { <$t>::slug(self) }
            fn label(self) -> &'static str { <$t>::label(self) }
        }
    )+};
}

choices!(
    portal_core::capability::Process,
    portal_core::capability::Material,
    portal_core::capability::Finish,
    portal_core::capability::Certification,
    portal_core::shipping::LengthUnit,
    portal_core::shipping::WeightUnit,
    portal_core::shipping::PackageKind,
    portal_core::shipping::Carrier,
    portal_core::offer::DeclineReason,
);

/// A store field holding a choice: the choice itself, or an optional one ("Choose a carrier").
pub trait ChoiceValue<T: Choice>: Clone + Send + Sync + 'static {
    fn is(&self, choice: T) -> bool;
    fn from_choice(choice: Option<T>) -> Option<Self>;
}

impl<T: Choice> ChoiceValue<T> for T {
    fn is(&self, choice: T) -> bool {
        *self == choice
    }
    fn from_choice(choice: Option<T>) -> Option<T> {
        choice
    }
}

impl<T: Choice> ChoiceValue<T> for Option<T> {
    fn is(&self, choice: T) -> bool {
        *self == Some(choice)
    }
    fn from_choice(choice: Option<T>) -> Option<Option<T>> {
        Some(choice)
    }
}
