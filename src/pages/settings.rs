//! `/settings`: capabilities (R-ACC-2), which decide the job board (R-JOB-1), and notification
//! preferences (R-JOB-9). Unsaved capability edits are kept in the browser and restored after a
//! reload; saving sends If-Match, so a change made elsewhere is never overwritten silently.

use leptos::prelude::*;
use portal_core::api::{FieldError, NotificationPrefs};
use portal_core::capability::{
    Capabilities, Certification, Dimensions, Finish, Machine, Material, Process, validate_capabilities,
};

use crate::api::{self, ApiError};
use crate::components::status::{Loading, api_error_view};
use crate::session::expect_session;

const DRAFT_KEY: &str = "portal.capabilities.draft";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

/// A draft kept in the browser: the edited capabilities and the version they were based on.
#[derive(serde::Serialize, serde::Deserialize)]
struct Draft {
    etag: String,
    caps: Capabilities,
}

fn load_draft() -> Option<Draft> {
    storage()?.get_item(DRAFT_KEY).ok().flatten().and_then(|s| serde_json::from_str(&s).ok())
}

fn save_draft(d: &Draft) {
    if let (Some(s), Ok(json)) = (storage(), serde_json::to_string(d)) {
        let _ = s.set_item(DRAFT_KEY, &json);
    }
}

fn clear_draft() {
    if let Some(s) = storage() {
        let _ = s.remove_item(DRAFT_KEY);
    }
}

#[component]
pub fn SettingsPage() -> impl IntoView {
    let caps = LocalResource::new(api::capabilities);
    let retry = Callback::new(move |()| caps.refetch());
    let prefs = LocalResource::new(api::notification_prefs);
    let retry_prefs = Callback::new(move |()| prefs.refetch());
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
    }
}

/// One group of checkboxes over a closed list.
#[component]
fn Choices<T: Copy + PartialEq + Send + Sync + 'static>(
    legend: &'static str,
    field: &'static str,
    all: &'static [T],
    label: fn(T) -> &'static str,
    slug: fn(T) -> &'static str,
    selected: Signal<Vec<T>>,
    on_toggle: Callback<(T, bool)>,
    error: Signal<Option<String>>,
) -> impl IntoView {
    let error_id = format!("{field}-error");
    let described_by = error_id.clone();
    view! {
        <fieldset class="choices grid" aria-describedby=described_by data-testid=format!("{field}-group")>
            <legend>{legend}</legend>
            {all.iter().copied().map(|v| view! {
                <label class="choice">
                    <input
                        type="checkbox"
                        data-testid=format!("{field}-{}", slug(v))
                        prop:checked=move || selected.read().contains(&v)
                        on:change=move |ev| on_toggle.run((v, event_target_checked(&ev)))
                    />
                    <span>{label(v)}</span>
                </label>
            }).collect_view()}
            <p id=error_id class="field-error" data-testid=format!("{field}-error")>{move || error.get()}</p>
        </fieldset>
    }
}

#[component]
fn CapabilitiesEditor(loaded: Capabilities, etag: String, reload: Callback<()>) -> impl IntoView {
    let session = expect_session();
    let restored = load_draft().filter(|d| d.caps != loaded);
    let was_restored = restored.is_some();
    let draft = RwSignal::new(restored.as_ref().map_or_else(|| loaded.clone(), |d| d.caps.clone()));
    let etag = RwSignal::new(restored.map_or(etag, |d| d.etag));
    let saved_caps = RwSignal::new(loaded);
    let touched = RwSignal::new(was_restored);
    let notice = RwSignal::new(was_restored.then(|| {
        "Your unsaved changes from before were restored. Save them, or discard them to see what is stored.".to_owned()
    }));
    let server_errors = RwSignal::new(Vec::<FieldError>::new());
    let stale = RwSignal::new(false);

    let edit = move |f: &dyn Fn(&mut Capabilities)| {
        draft.update(|c| f(c));
        touched.set(true);
        server_errors.set(vec![]);
        notice.set(None);
        save_draft(&Draft { etag: etag.get_untracked(), caps: draft.get_untracked() });
    };
    let errors = Memo::new(move |_| validate_capabilities(&draft.get().normalized()));
    let error_for = move |field: String| {
        Signal::derive(move || {
            let local =
                touched.get().then(|| errors.read().iter().find(|e| e.field == field).map(|e| e.message.clone()));
            local
                .flatten()
                .or_else(|| server_errors.read().iter().find(|e| e.field == field).map(|e| e.message.clone()))
        })
    };
    let changed = move || draft.get() != saved_caps.get();

    let save = Action::new_local(move |(caps, etag): &(Capabilities, String)| {
        let (caps, etag) = (caps.clone(), etag.clone());
        async move { api::save_capabilities(&caps, &etag).await }
    });
    Effect::new(move |_| match save.value().get() {
        Some(Ok((caps, new_etag))) => {
            clear_draft();
            etag.set(new_etag);
            saved_caps.set(caps.clone());
            draft.set(caps);
            touched.set(false);
            notice.set(Some("Saved. Your job board now shows the jobs these capabilities can make.".to_owned()));
            session.refresh();
        }
        Some(Err(ApiError::Problem(p))) if p.status == 412 => stale.set(true),
        Some(Err(ApiError::Problem(p))) if !p.errors.is_empty() => server_errors.set(p.errors),
        Some(Err(ApiError::Unauthenticated)) => session.logged_out(),
        Some(Err(e)) => notice.set(Some(e.to_string())),
        None => {}
    });
    let on_save = move |ev: web_sys::SubmitEvent| {
        ev.prevent_default();
        touched.set(true);
        if errors.read_untracked().is_empty() {
            save.dispatch((draft.get_untracked().normalized(), etag.get_untracked()));
        }
    };
    let discard = move |_| {
        clear_draft();
        stale.set(false);
        reload.run(());
    };

    macro_rules! toggle_for {
        ($field:ident, $t:ty) => {
            Callback::new(move |(v, on): ($t, bool)| {
                edit(&|c| {
                    c.$field.retain(|x| *x != v);
                    if on {
                        c.$field.push(v);
                    }
                })
            })
        };
    }
    let machines_len = Memo::new(move |_| draft.read().machines.len());

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
            <Choices
                legend="Processes" field="processes" all=Process::ALL label=Process::label slug=Process::slug
                selected=Signal::derive(move || draft.read().processes.clone())
                on_toggle=toggle_for!(processes, Process)
                error=error_for("processes".into())
            />
            <Choices
                legend="Materials" field="materials" all=Material::ALL label=Material::label slug=Material::slug
                selected=Signal::derive(move || draft.read().materials.clone())
                on_toggle=toggle_for!(materials, Material)
                error=error_for("materials".into())
            />
            <Choices
                legend="Finishes" field="finishes" all=Finish::ALL label=Finish::label slug=Finish::slug
                selected=Signal::derive(move || draft.read().finishes.clone())
                on_toggle=toggle_for!(finishes, Finish)
                error=error_for("finishes".into())
            />
            <Choices
                legend="Certifications" field="certifications" all=Certification::ALL label=Certification::label
                slug=Certification::slug
                selected=Signal::derive(move || draft.read().certifications.clone())
                on_toggle=toggle_for!(certifications, Certification)
                error=error_for("certifications".into())
            />
            <fieldset class="machines" aria-describedby="machines-error">
                <legend>"Machines and work envelopes"</legend>
                <p class="muted small">
                    "A job reaches your board only if its part fits a machine of its process (turned any way round). "
                    "Sizes in millimetres."
                </p>
                <For each=move || 0..machines_len.get() key=|i| *i let:i>
                    <MachineRow i=i draft=draft edit=Callback::new(move |f: MachineEdit| edit(&|c| {
                        if let Some(m) = c.machines.get_mut(i) { f.apply(m) }
                    })) remove=Callback::new(move |()| edit(&|c| { if i < c.machines.len() { c.machines.remove(i); } }))
                    error_for=Callback::new(move |f: String| error_for(format!("machines[{i}].{f}")).get()) />
                </For>
                <button
                    type="button"
                    class="button secondary"
                    data-testid="add-machine"
                    on:click=move |_| edit(&|c| {
                        let process = c.processes.first().copied().unwrap_or(Process::CncMilling);
                        c.machines.push(Machine { name: String::new(), process, envelope: Dimensions::new(0, 0, 0) });
                    })
                >
                    "Add a machine"
                </button>
                <p id="machines-error" class="field-error" data-testid="machines-error">
                    {move || error_for("machines".into()).get()}
                </p>
            </fieldset>
            <div class="form-actions">
                <button
                    type="submit"
                    class="button primary"
                    data-testid="save-capabilities"
                    disabled=move || save.pending().get() || !changed()
                >
                    {move || if save.pending().get() { "Saving…" } else { "Save capabilities" }}
                </button>
                <Show when=move || touched.get() && !errors.read().is_empty()>
                    <p class="form-error" role="alert" data-testid="caps-errors">
                        {move || format!("{} fields need fixing before you can save.", errors.read().len())}
                    </p>
                </Show>
            </div>
        </form>
    }
}

/// A change to one machine's row.
#[derive(Clone)]
enum MachineEdit {
    Name(String),
    Process(Process),
    Size(usize, u32),
}

impl MachineEdit {
    fn apply(&self, m: &mut Machine) {
        match self {
            MachineEdit::Name(n) => m.name.clone_from(n),
            MachineEdit::Process(p) => m.process = *p,
            MachineEdit::Size(0, v) => m.envelope.x_mm = *v,
            MachineEdit::Size(1, v) => m.envelope.y_mm = *v,
            MachineEdit::Size(_, v) => m.envelope.z_mm = *v,
        }
    }
}

#[component]
fn MachineRow(
    i: usize,
    draft: RwSignal<Capabilities>,
    edit: Callback<MachineEdit>,
    remove: Callback<()>,
    error_for: Callback<String, Option<String>>,
) -> impl IntoView {
    let machine = move || {
        draft.read().machines.get(i).cloned().unwrap_or_else(|| Machine {
            name: String::new(),
            process: Process::CncMilling,
            envelope: Dimensions::new(0, 0, 0),
        })
    };
    let id = move |f: &str| format!("machine-{i}-{f}");
    let size = |axis: usize, label: &'static str, key: &'static str| {
        let field = format!("envelope.{key}");
        let err_id = format!("machine-{i}-{key}-error");
        view! {
            <div class="field size">
                <label for=id(key)>{label}</label>
                <input
                    id=id(key)
                    type="number"
                    inputmode="numeric"
                    min="1"
                    max="10000"
                    data-testid=format!("machine-{i}-{key}")
                    aria-describedby=err_id.clone()
                    prop:value=move || {
                        let e = machine().envelope;
                        let v = [e.x_mm, e.y_mm, e.z_mm][axis];
                        if v == 0 { String::new() } else { v.to_string() }
                    }
                    on:input=move |ev| edit.run(MachineEdit::Size(axis, event_target_value(&ev).trim().parse().unwrap_or(0)))
                />
                <p id=err_id class="field-error">{move || error_for.run(field.clone())}</p>
            </div>
        }
    };
    view! {
        <div class="machine" data-testid="machine">
            <div class="field name">
                <label for=id("name")>"Machine name"</label>
                <input
                    id=id("name")
                    type="text"
                    data-testid=format!("machine-{i}-name")
                    aria-describedby=format!("machine-{i}-name-error")
                    prop:value=move || machine().name
                    on:input=move |ev| edit.run(MachineEdit::Name(event_target_value(&ev)))
                />
                <p id=format!("machine-{i}-name-error") class="field-error">{move || error_for.run("name".into())}</p>
            </div>
            <div class="field process">
                <label for=id("process")>"Process"</label>
                <select
                    id=id("process")
                    data-testid=format!("machine-{i}-process")
                    aria-describedby=format!("machine-{i}-process-error")
                    on:change=move |ev| {
                        if let Some(p) = Process::parse(&event_target_value(&ev)) {
                            edit.run(MachineEdit::Process(p));
                        }
                    }
                >
                    {Process::ALL.iter().copied().map(|p| view! {
                        <option value=p.slug() selected=move || machine().process == p>{p.label()}</option>
                    }).collect_view()}
                </select>
                <p id=format!("machine-{i}-process-error") class="field-error">{move || error_for.run("process".into())}</p>
            </div>
            {size(0, "Length X (mm)", "x_mm")}
            {size(1, "Width Y (mm)", "y_mm")}
            {size(2, "Height Z (mm)", "z_mm")}
            <button
                type="button"
                class="button secondary remove"
                data-testid=format!("machine-{i}-remove")
                on:click=move |_| remove.run(())
            >
                "Remove"
                <span class="visually-hidden">" " {move || machine().name}</span>
            </button>
        </div>
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
