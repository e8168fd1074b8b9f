//! `/settings`: capabilities (R-ACC-2), which decide the job board (R-JOB-1), notification
//! preferences (R-JOB-9), and where the partner is logged in (issue 16). Unsaved capability edits are kept in the browser and restored after a
//! reload; saving sends If-Match, so a change made elsewhere is never overwritten silently.

use leptos::prelude::*;
use portal_core::api::{NotificationPrefs, SessionList};
use portal_core::capability::{
    Capabilities, CapabilitiesStoreFields, Dimensions, DimensionsStoreFields, Machine, MachineStoreFields, Process,
    validate_capabilities,
};
use portal_core::units::{DisplayPrefs, Paper, Units};
use reactive_stores::{Store, StoreFieldIterator};

use crate::api::{self, ApiError};
use crate::components::status::{Loading, api_error_view};
use crate::forms::fields::{CheckboxGroup, FieldMessage, NumberField, SelectField, TextField};
use crate::forms::{Form, forget_draft, one_step, refused};
use crate::session::expect_session;

/// The capabilities being edited, and the version they were based on: kept on this device
/// (per partner) until saved or discarded.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize, Store)]
struct CapabilitiesDraft {
    etag: String,
    caps: Capabilities,
}

const DRAFT: &str = "capabilities";

/// Whether the machine rows are typed in inches.
#[derive(Clone, Copy)]
struct EnvelopeInches(Signal<bool>);

/// The capabilities form, in context for the machine rows.
#[derive(Clone, Copy)]
struct CapsForm(Form<CapabilitiesDraft>);

#[component]
pub fn SettingsPage() -> impl IntoView {
    let caps = LocalResource::new(api::capabilities);
    let retry = Callback::new(move |()| caps.refetch());
    let prefs = LocalResource::new(api::notification_prefs);
    let retry_prefs = Callback::new(move |()| prefs.refetch());
    let sessions = LocalResource::new(api::sessions);
    let retry_sessions = Callback::new(move |()| sessions.refetch());
    view! {
        <div class="page-head">
            <h1>"Settings"</h1>
            <p class="muted">"What your shop can make decides which jobs reach your board. Keep it accurate."</p>
        </div>
        <section aria-labelledby="caps-title" class="settings-section">
            <h2 id="caps-title">"Capabilities"</h2>
            <Transition fallback=|| view! { <Loading label="Loading your capabilities…" /> }>
                <ErrorBoundary fallback=move |errors| api_error_view(errors, retry)>
                    {move || Suspend::new(async move {
                        let (loaded, etag) = caps.await?;
                        Ok::<_, ApiError>(view! { <CapabilitiesEditor loaded=loaded etag=etag reload=retry /> })
                    })}
                </ErrorBoundary>
            </Transition>
        </section>
        <section aria-labelledby="display-title" class="settings-section">
            <h2 id="display-title">"Units and paper"</h2>
            <DisplaySettings />
        </section>
        <section aria-labelledby="notifications" class="settings-section">
            <h2 id="notifications">"Notifications"</h2>
            <Transition fallback=|| view! { <Loading label="Loading your preferences…" /> }>
                <ErrorBoundary fallback=move |errors| api_error_view(errors, retry_prefs)>
                    {move || Suspend::new(async move {
                        let p = prefs.await?;
                        Ok::<_, ApiError>(view! { <Preferences loaded=p /> })
                    })}
                </ErrorBoundary>
            </Transition>
        </section>
        <section aria-labelledby="embed-title" class="settings-section">
            <h2 id="embed-title">"Embed your board"</h2>
            <crate::pages::embed_keys::EmbedKeys />
        </section>
        <section aria-labelledby="sessions-title" class="settings-section">
            <h2 id="sessions-title">"Where you are logged in"</h2>
            <Transition fallback=|| view! { <Loading label="Loading your sessions…" /> }>
                <ErrorBoundary fallback=move |errors| api_error_view(errors, retry_sessions)>
                    {move || Suspend::new(async move {
                        let list = sessions.await?;
                        Ok::<_, ApiError>(view! { <Sessions loaded=list /> })
                    })}
                </ErrorBoundary>
            </Transition>
        </section>
    }
}

/// Issue 16: each session's device, address and last use; the others can be ended one by one or
/// all at once (a lost tablet, a shared computer). This device's own is ended by logging out.
#[component]
fn Sessions(loaded: SessionList) -> impl IntoView {
    let list = RwSignal::new(loaded);
    let status = RwSignal::new(None::<String>);
    let end = Action::new_local(|id: &Option<String>| {
        let id = id.clone();
        async move {
            match id {
                Some(id) => api::end_session(&id).await,
                None => api::end_other_sessions().await,
            }
        }
    });
    Effect::new(move |_| match end.value().get() {
        Some(Ok(after)) => {
            let ended = list.with_untracked(|l| l.sessions.len()).saturating_sub(after.sessions.len());
            list.set(after);
            status.set(Some(match ended {
                1 => "Logged out on 1 other device.".to_owned(),
                n => format!("Logged out on {n} other devices."),
            }));
        }
        Some(Err(e)) => status.set(Some(format!("Nothing was ended: {e}"))),
        None => {}
    });
    let others = move || list.read().sessions.iter().filter(|s| !s.current).count();
    view! {
        <p class="muted small">
            "Every browser you are logged in on. Log out anywhere you do not recognise, or on a device you no longer use."
        </p>
        <ul class="sessions" data-testid="sessions">
            <For each=move || list.get().sessions key=|s| s.id.clone() let:s>
                <li class="session" data-testid="session" data-current=s.current.to_string()>
                    <span class="session-what">
                        <strong>{s.device.clone()}</strong>
                        {s.current.then(|| view! { " " <span class="badge badge-new" data-testid="this-device">"This device"</span> })}
                        <span class="small muted block">
                            {format!("{} · logged in {} · last used {}", s.address,
                                crate::components::clock::local_time(s.logged_in_at),
                                crate::components::clock::local_time(s.last_used_at))}
                        </span>
                    </span>
                    {(!s.current).then(|| {
                        let id = s.id.clone();
                        let device = s.device.clone();
                        view! {
                            <button type="button" class="button secondary" data-testid="end-session"
                                disabled=move || end.pending().get()
                                on:click=move |_| { status.set(None); end.dispatch(Some(id.clone())); }>
                                "Log out"<span class="visually-hidden">" on " {device}</span>
                            </button>
                        }
                    })}
                </li>
            </For>
        </ul>
        <Show when=move || { others() > 0 }>
            <button type="button" class="button secondary" data-testid="end-other-sessions"
                disabled=move || end.pending().get()
                on:click=move |_| { status.set(None); end.dispatch(None); }>
                "Log out on every other device"
            </button>
        </Show>
        <p class="small" role="status" data-testid="sessions-status">{move || status.get()}</p>
    }
}

#[component]
fn CapabilitiesEditor(loaded: Capabilities, etag: String, reload: Callback<()>) -> impl IntoView {
    let session = expect_session();
    let fresh = CapabilitiesDraft { etag, caps: loaded.clone() };
    let (form, kept) = Form::kept(
        DRAFT.to_owned(),
        || fresh,
        |d: &CapabilitiesDraft| validate_capabilities(&d.caps.clone().normalized()),
        one_step,
    );
    provide_context(CapsForm(form));
    let draft = form.draft;
    let was_restored = kept && draft.with_untracked(|d| d.caps != loaded);
    if was_restored {
        // What was wrong before shows at once.
        form.feedback.show_step(1);
    }
    let saved_caps = RwSignal::new(loaded);
    let notice = RwSignal::new(was_restored.then(|| {
        "Your unsaved changes from before were restored. Save them, or discard them to see what is stored.".to_owned()
    }));
    let stale = RwSignal::new(false);
    let changed = move || draft.read().caps != saved_caps.get();
    // The partner's edits (not a save) make the notice go.
    Effect::new(move |first: Option<()>| {
        draft.track();
        if first.is_some() && draft.with_untracked(|d| d.caps != saved_caps.get_untracked()) {
            notice.set(None);
        }
    });

    let save = Action::new_local(move |(caps, etag): &(Capabilities, String)| {
        let (caps, etag) = (caps.clone(), etag.clone());
        async move { api::save_capabilities(&caps, &etag).await }
    });
    Effect::new(move |_| match save.value().get() {
        Some(Ok((caps, new_etag))) => {
            saved_caps.set(caps.clone());
            form.settle(CapabilitiesDraft { etag: new_etag, caps });
            form.feedback.reset();
            notice.set(Some("Saved. Your job board now shows the jobs these capabilities can make.".to_owned()));
            session.refresh();
        }
        Some(Err(ApiError::Problem(p))) if p.status == 412 => stale.set(true),
        Some(Err(e)) => {
            if let Some(message) = refused(form.feedback, &e)
                && !matches!(&e, ApiError::Problem(p) if !p.errors.is_empty())
            {
                notice.set(Some(message));
            }
        }
        None => {}
    });
    let on_save = move |ev: web_sys::SubmitEvent| {
        ev.prevent_default();
        if form.feedback.show_step(1).is_empty() {
            let d = draft.get_untracked();
            save.dispatch((d.caps.normalized(), d.etag));
        }
    };
    let discard = move |_| {
        forget_draft(DRAFT);
        stale.set(false);
        reload.run(());
    };
    let caps = draft.caps();
    let errors = Signal::derive(move || form.feedback.step_errors(1));
    crate::forms::sticky::keep_focus_clear_of_sticky_bars();

    view! {
        <form class="settings-form" on:submit=on_save novalidate>
            <Show when=move || notice.get().is_some()>
                <p class="banner info" role="status" data-testid="caps-notice">
                    <span>{move || notice.get()}</span>
                    <Show when=move || was_restored && changed()>
                        <button type="button" class="button secondary" data-testid="discard-draft" on:click=discard>
                            "Discard changes"
                        </button>
                    </Show>
                </p>
            </Show>
            <Show when=move || stale.get()>
                <div class="banner warning" role="alert" data-testid="caps-stale">
                    <span>
                        "Your capabilities were changed elsewhere (another tab or device) since you opened this page, "
                        "so nothing was saved. Load the current version, then make your change again."
                    </span>
                    <button type="button" class="button secondary" on:click=discard>"Load the current version"</button>
                </div>
            </Show>
            <CheckboxGroup field="processes" legend="Processes" value=caps.processes() />
            <CheckboxGroup field="materials" legend="Materials" value=caps.materials() />
            <CheckboxGroup field="finishes" legend="Finishes" value=caps.finishes() />
            <CheckboxGroup field="certifications" legend="Certifications" value=caps.certifications() />
            <Machines />
            <div class="form-actions">
                <button
                    type="submit"
                    class="button primary"
                    data-testid="save-capabilities"
                    disabled=move || save.pending().get() || !changed()
                >
                    {move || if save.pending().get() { "Saving…" } else { "Save capabilities" }}
                </button>
                <Show when=move || form.feedback.any_shown() && !errors.read().is_empty()>
                    <p class="form-error" role="alert" data-testid="caps-errors">
                        {move || format!("{} fields need fixing before you can save.", errors.read().len())}
                    </p>
                </Show>
            </div>
        </form>
    }
}

/// The machines and their work envelopes (R-ACC-2).
#[component]
fn Machines() -> impl IntoView {
    let CapsForm(form) = expect_context::<CapsForm>();
    // Envelopes typed in the partner's units (inches for a US shop), kept in millimetres.
    let session = expect_session();
    let inches = RwSignal::new(session.me().is_some_and(|m| m.display.units == Units::Imperial));
    provide_context(EnvelopeInches(inches.into()));
    let machines = form.draft.caps().machines();
    let count = Memo::new(move |_| machines.read().len());
    let message = form.feedback.message("machines");
    let add = move |_| {
        let process = form.draft.with_untracked(|d| d.caps.processes.first().copied().unwrap_or(Process::CncMilling));
        machines.write().push(Machine { name: String::new(), process, envelope: Dimensions::new(0, 0, 0) });
        form.feedback.touch("machines");
    };
    view! {
        <fieldset class="machines" aria-describedby="machines-error">
            <legend>"Machines and work envelopes"</legend>
            <div class="unit-switch" role="group" aria-label="Type the envelopes in">
                <span class="small muted">"Sizes in"</span>
                <label class="choice"><input type="radio" name="envelope-unit" data-testid="envelope-mm"
                    prop:checked=move || !inches.get() on:change=move |_| inches.set(false) />"mm"</label>
                <label class="choice"><input type="radio" name="envelope-unit" data-testid="envelope-in"
                    prop:checked=move || inches.get() on:change=move |_| inches.set(true) />"inches"</label>
            </div>
            <p class="muted small">
                "A job reaches your board only if its part fits a machine of its process (turned any way round). "
                "Sizes in millimetres."
            </p>
            <For each=move || 0..count.get() key=|i| *i let:i>
                <MachineRow i=i />
            </For>
            <button type="button" class="button secondary" data-testid="add-machine" on:click=add>
                "Add a machine"
            </button>
            <FieldMessage id="machines-error" message=message />
        </fieldset>
    }
}

#[component]
fn MachineRow(i: usize) -> impl IntoView {
    let CapsForm(form) = expect_context::<CapsForm>();
    let EnvelopeInches(inches) = expect_context::<EnvelopeInches>();
    let machine = form.draft.caps().machines().at_unkeyed(i);
    let envelope = machine.envelope();
    let field = move |f: &str| format!("machines[{i}].{f}");
    let id = move |f: &str| format!("machine-{i}-{f}");
    let remove = move |_| {
        form.draft.caps().machines().update(|m| {
            if i < m.len() {
                m.remove(i);
            }
        });
        form.feedback.touch("machines");
    };
    view! {
        <div class="machine" data-testid="machine">
            <TextField id=id("name") label="Machine name" field=field("name") value=machine.name() />
            <SelectField<Process, Process> id=id("process") label="Process" field=field("process") value=machine.process() />
            <NumberField id=id("x_mm") label="Length X" unit="mm" field=field("envelope.x_mm") value=envelope.x_mm() max=10_000 inches=inches />
            <NumberField id=id("y_mm") label="Width Y" unit="mm" field=field("envelope.y_mm") value=envelope.y_mm() max=10_000 inches=inches />
            <NumberField id=id("z_mm") label="Height Z" unit="mm" field=field("envelope.z_mm") value=envelope.z_mm() max=10_000 inches=inches />
            <button type="button" class="button secondary remove" data-testid=id("remove") on:click=remove>
                "Remove"
                <span class="visually-hidden">" " {move || machine.name().get()}</span>
            </button>
        </div>
    }
}

/// Issue 17: sizes and weights in inches and pounds or millimetres and kilograms, documents on
/// US Letter or A4; first as the partner's market has them, saved for every device when changed.
#[component]
fn DisplaySettings() -> impl IntoView {
    let session = expect_session();
    // The choice shows at once; the server's answer confirms it (or it goes back, with why).
    let chosen = RwSignal::new(None::<DisplayPrefs>);
    let current = move || chosen.get().or_else(|| session.me().map(|m| m.display));
    let status = RwSignal::new(None::<String>);
    let save = Action::new_local(|p: &DisplayPrefs| {
        let p = *p;
        async move { api::set_display(p).await }
    });
    Effect::new(move |_| match save.value().get() {
        Some(Ok(me)) => {
            session.logged_in(me);
            chosen.set(None);
            status.set(Some("Saved for every device you use.".to_owned()));
        }
        Some(Err(e)) => {
            chosen.set(None);
            status.set(Some(format!("Not saved: {e}")));
        }
        None => {}
    });
    let choose = move |change: DisplayPrefs| {
        status.set(None);
        chosen.set(Some(change));
        save.dispatch(change);
    };
    view! {
        <fieldset class="choices">
            <legend>"Sizes and weights"</legend>
            {Units::ALL.iter().map(|&u| view! {
                <label class="choice">
                    <input type="radio" name="units" data-testid=format!("units-{}", u.slug())
                        prop:checked=move || current().is_some_and(|c| c.units == u)
                        on:change=move |_| if let Some(c) = current() { choose(DisplayPrefs { units: u, ..c }) } />
                    <span>{u.label()}</span>
                </label>
            }).collect_view()}
        </fieldset>
        <fieldset class="choices">
            <legend>"Paper for production orders and drawings"</legend>
            {Paper::ALL.iter().map(|&p| view! {
                <label class="choice">
                    <input type="radio" name="paper" data-testid=format!("paper-{}", p.slug())
                        prop:checked=move || current().is_some_and(|c| c.paper == p)
                        on:change=move |_| if let Some(c) = current() { choose(DisplayPrefs { paper: p, ..c }) } />
                    <span>{p.label()}</span>
                </label>
            }).collect_view()}
        </fieldset>
        <p class="small" role="status" data-testid="display-status">{move || status.get()}</p>
    }
}

/// R-JOB-9: three switches, each saved as soon as it is flipped.
#[component]
fn Preferences(loaded: NotificationPrefs) -> impl IntoView {
    // Email is promised only when the server sends it (an SMTP server is configured).
    let email = expect_session().me().is_some_and(|m| m.email_enabled);
    let prefs = RwSignal::new(loaded);
    let status = RwSignal::new(None::<String>);
    let save = Action::new_local(|p: &NotificationPrefs| {
        let p = *p;
        async move { api::save_notification_prefs(&p).await }
    });
    Effect::new(move |_| match save.value().get() {
        Some(Ok(p)) => {
            prefs.set(p);
            status.set(Some("Saved.".to_owned()));
        }
        Some(Err(e)) => status.set(Some(format!("Not saved: {e}"))),
        None => {}
    });
    let switch = move |label: &'static str,
                       hint: &'static str,
                       key: &'static str,
                       get: fn(&NotificationPrefs) -> bool,
                       set: fn(&mut NotificationPrefs, bool)| {
        view! {
            <label class="choice switch">
                <input
                    type="checkbox"
                    data-testid=format!("pref-{key}")
                    prop:checked=move || get(&prefs.read())
                    on:change=move |ev| {
                        let mut p = prefs.get_untracked();
                        set(&mut p, event_target_checked(&ev));
                        prefs.set(p);
                        status.set(None);
                        save.dispatch(p);
                    }
                />
                <span>
                    <strong>{label}</strong>
                    <span class="small muted block">{hint}</span>
                </span>
            </label>
        }
    };
    view! {
        <fieldset class="choices prefs">
            <legend>"Tell me about"</legend>
            {switch("New jobs for my shop", if email { "A notice, and an email, for each new job that matches your capabilities." } else { "A notice in Notifications for each new job that matches your capabilities." }, "new_jobs", |p| p.new_jobs, |p, v| p.new_jobs = v)}
            {switch("Morning digest", if email { "At 07:00 Eastern time, in Notifications and by email: the jobs posted since the afternoon digest." } else { "At 07:00 Eastern time, in Notifications: the jobs posted since the afternoon digest." }, "morning_digest", |p| p.morning_digest, |p, v| p.morning_digest = v)}
            {switch("Afternoon digest", if email { "At 14:00 Eastern time, in Notifications and by email: the jobs posted since the morning." } else { "At 14:00 Eastern time, in Notifications: the jobs posted since the morning." }, "afternoon_digest", |p| p.afternoon_digest, |p, v| p.afternoon_digest = v)}
        </fieldset>
        <p class="small muted" data-testid="email-status">{if email {
            "Emails go to your login address."
        } else {
            "This portal does not send email yet: every notice is here, under Notifications."
        }}</p>
        <p class="small" role="status" data-testid="prefs-status">{move || status.get()}</p>
        <p class="small muted">"Counteroffer outcomes are always sent: they concern jobs you bid on."</p>
    }
}
