//! Settings, "Embed your board" (R-EMB-1): keys with a name, the sites they may be shown on,
//! prices or not, a theme; the snippet to copy and a live preview right after a key is made (the
//! portal keeps only each key's hash, so the key is shown that once); revoking with a
//! confirmation.

use leptos::prelude::*;
use portal_core::embed::{self, CreatedEmbedKey, EmbedKey, EmbedTheme, NewEmbedKey};
use portal_core::problem::FieldError;

use crate::api::{self, ApiError};
use crate::components::dialog::ConfirmDialog;
use crate::components::status::{Loading, api_error_view};
use crate::forms::fields::FieldMessage;

#[component]
pub fn EmbedKeys() -> impl IntoView {
    let keys = LocalResource::new(api::embed_keys);
    let retry = Callback::new(move |()| keys.refetch());
    let created = RwSignal::new(None::<CreatedEmbedKey>);
    view! {
        <p class="muted small">
            "Show your current jobs on your own website or intranet: visitors see the jobs on your board now, and each job links here to act on it. Prices are shown only if you allow them."
        </p>
        <NewKeyForm created=created reload=retry />
        {move || created.get().map(|c| view! { <Snippet created=c /> })}
        <h3>"Your keys"</h3>
        <Transition fallback=|| view! { <Loading label="Loading your embed keys…" /> }>
            <ErrorBoundary fallback=move |errors| api_error_view(errors, retry)>
                {move || Suspend::new(async move {
                    let list = keys.await?;
                    Ok::<_, ApiError>(view! { <KeyList keys=list.keys reload=retry /> })
                })}
            </ErrorBoundary>
        </Transition>
    }
}

fn message(errors: &[FieldError], field: &str) -> Option<String> {
    let all: Vec<&str> = errors.iter().filter(|e| e.field == field).map(|e| e.message.as_str()).collect();
    (!all.is_empty()).then(|| all.join(" "))
}

#[component]
fn NewKeyForm(created: RwSignal<Option<CreatedEmbedKey>>, reload: Callback<()>) -> impl IntoView {
    let name = RwSignal::new(String::new());
    let origins = RwSignal::new(String::new());
    let show_prices = RwSignal::new(false);
    let theme = RwSignal::new(EmbedTheme::Auto);
    let accent = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let failed = RwSignal::new(None::<String>);
    let request = move || NewEmbedKey {
        name: name.get_untracked(),
        origins: origins.get_untracked().lines().map(str::to_owned).collect(),
        show_prices: show_prices.get_untracked(),
        theme: theme.get_untracked(),
        accent: Some(accent.get_untracked()).filter(|a| !a.trim().is_empty()),
    };
    let create = Action::new_local(|new: &NewEmbedKey| {
        let new = new.clone();
        async move { api::create_embed_key(&new).await }
    });
    Effect::new(move |_| match create.value().get() {
        Some(Ok(c)) => {
            created.set(Some(c));
            name.set(String::new());
            origins.set(String::new());
            accent.set(String::new());
            reload.run(());
        }
        Some(Err(ApiError::Problem(p))) if !p.errors.is_empty() => errors.set(p.errors),
        Some(Err(e)) => failed.set(Some(format!("The key was not made: {e}"))),
        None => {}
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        failed.set(None);
        let new = request();
        // The same checks as the server's, before anything is sent.
        match embed::check_new_key(&new) {
            Ok(_) => {
                errors.set(Vec::new());
                create.dispatch(new);
            }
            Err(found) => {
                let first = found.first().map(|e| e.field.clone());
                errors.set(found);
                if let Some(field) = first
                    && let Some(el) = document().get_element_by_id(&format!("embed-{field}"))
                {
                    use wasm_bindgen::JsCast;
                    let _ = el.unchecked_into::<web_sys::HtmlElement>().focus();
                }
            }
        }
    };
    let invalid = move |field: &'static str| move || message(&errors.read(), field).is_some().then_some("true");
    view! {
        <form class="embed-form" novalidate on:submit=submit data-testid="embed-form">
            <div class="field">
                <label for="embed-name">"Name"</label>
                <input id="embed-name" type="text" autocomplete="off" maxlength="80" data-testid="embed-name"
                    aria-describedby="embed-name-error" aria-invalid=invalid("name")
                    prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev)) />
                <FieldMessage id="embed-name-error" message=Signal::derive(move || message(&errors.read(), "name")) />
            </div>
            <div class="field">
                <label for="embed-origins">"Sites it may be shown on"</label>
                <p id="embed-origins-hint" class="muted small">
                    "One per line, exactly as the address bar starts: https://www.your-shop.com. For trying it out, http://localhost:8000 works too."
                </p>
                <textarea id="embed-origins" rows="3" data-testid="embed-origins" spellcheck="false"
                    aria-describedby="embed-origins-hint embed-origins-error" aria-invalid=invalid("origins")
                    prop:value=move || origins.get() on:input=move |ev| origins.set(event_target_value(&ev))></textarea>
                <FieldMessage id="embed-origins-error" message=Signal::derive(move || message(&errors.read(), "origins")) />
            </div>
            <label class="choice">
                <input type="checkbox" data-testid="embed-prices" prop:checked=move || show_prices.get()
                    on:change=move |ev| show_prices.set(event_target_checked(&ev)) />
                <span>"Show prices and bonuses"</span>
            </label>
            <div class="field">
                <label for="embed-theme">"Colours"</label>
                <select id="embed-theme" data-testid="embed-theme"
                    on:change=move |ev| theme.set(EmbedTheme::parse(&event_target_value(&ev)).unwrap_or(EmbedTheme::Auto))>
                    {EmbedTheme::ALL.iter().map(|&t| view! {
                        <option value=t.slug() selected=move || theme.get() == t>{t.label()}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="embed-accent">"Accent colour (optional)"</label>
                <p id="embed-accent-hint" class="muted small">"Like #1f5fbf; your site may also set its own."</p>
                <input id="embed-accent" type="text" autocomplete="off" maxlength="7" data-testid="embed-accent"
                    aria-describedby="embed-accent-hint embed-accent-error" aria-invalid=invalid("accent")
                    prop:value=move || accent.get() on:input=move |ev| accent.set(event_target_value(&ev)) />
                <FieldMessage id="embed-accent-error" message=Signal::derive(move || message(&errors.read(), "accent")) />
            </div>
            <button type="submit" class="button primary" data-testid="embed-create" disabled=move || create.pending().get()>
                "Make an embed key"
            </button>
            <p class="small" role="status">{move || failed.get()}</p>
        </form>
    }
}

/// The new key's snippets and a preview of the board it shows.
#[component]
fn Snippet(created: CreatedEmbedKey) -> impl IntoView {
    let origin = window().location().origin().unwrap_or_default();
    let script = format!("<script src=\"{origin}/embed.js\" data-key=\"{}\" async></script>", created.secret);
    let frame_src = format!("{origin}/embed/frame?key={}", created.secret);
    let iframe = format!(
        "<iframe src=\"{frame_src}\" title=\"Our current jobs\" style=\"width:100%;height:480px;border:0\"></iframe>"
    );
    let copied = RwSignal::new(None::<&'static str>);
    let copy = move |text: String, what: &'static str| {
        leptos::task::spawn_local(async move {
            let done = match write_to_clipboard(&text) {
                Some(promise) => wasm_bindgen_futures::JsFuture::from(promise).await.is_ok(),
                None => false,
            };
            copied.set(Some(if done { what } else { "Select the text and copy it." }));
        });
    };
    let (s, i) = (script.clone(), iframe.clone());
    view! {
        <div class="panel embed-new" data-testid="embed-new">
            <h3>"Key “" {created.key.name.clone()} "” is ready"</h3>
            <p class="small">
                <strong>"Copy the snippet now:"</strong>
                " the portal keeps only a fingerprint of the key, so it cannot show it again (make a new key if it is lost)."
            </p>
            <label for="embed-script" class="small">"Paste where the jobs should appear on your page:"</label>
            <textarea id="embed-script" class="snippet" rows="2" readonly data-testid="embed-script">{script}</textarea>
            <button type="button" class="button secondary" on:click=move |_| copy(s.clone(), "Script snippet copied.")>
                "Copy the script snippet"
            </button>
            <label for="embed-iframe" class="small">"For a site that does not allow scripts (its height stays fixed):"</label>
            <textarea id="embed-iframe" class="snippet" rows="3" readonly data-testid="embed-iframe">{iframe}</textarea>
            <button type="button" class="button secondary" on:click=move |_| copy(i.clone(), "Frame snippet copied.")>
                "Copy the frame snippet"
            </button>
            <p class="small" role="status">{move || copied.get()}</p>
            <h4>"Preview"</h4>
            <iframe class="embed-preview" src=frame_src title="Preview of your embedded board" data-testid="embed-preview"></iframe>
        </div>
    }
}

/// `navigator.clipboard.writeText(text)`, called by name: web-sys's typed bindings would add
/// their imports to the first load, which every page's imports are part of.
fn write_to_clipboard(text: &str) -> Option<js_sys::Promise> {
    use wasm_bindgen::JsCast;
    let get = |on: &wasm_bindgen::JsValue, name: &str| js_sys::Reflect::get(on, &name.into()).ok();
    let clipboard = get(&window().into(), "navigator").and_then(|n| get(&n, "clipboard"))?;
    let write = get(&clipboard, "writeText")?.dyn_into::<js_sys::Function>().ok()?;
    write.call1(&clipboard, &text.into()).ok()?.dyn_into::<js_sys::Promise>().ok()
}

#[component]
fn KeyList(keys: Vec<EmbedKey>, reload: Callback<()>) -> impl IntoView {
    let revoking = RwSignal::new(None::<EmbedKey>);
    let error = RwSignal::new(None::<String>);
    let revoke = Action::new_local(|id: &i64| {
        let id = *id;
        async move { api::revoke_embed_key(id).await }
    });
    Effect::new(move |_| match revoke.value().get() {
        Some(Ok(())) => {
            revoking.set(None);
            reload.run(());
        }
        Some(Err(e)) => error.set(Some(format!("The key was not revoked: {e}"))),
        None => {}
    });
    if keys.is_empty() {
        return view! { <p class="muted" data-testid="embed-keys-empty">"No embed keys yet."</p> }.into_any();
    }
    view! {
        <ul class="sessions" data-testid="embed-keys">
            {keys.into_iter().map(|k| {
                let used = k.last_used_at.map_or("never used".to_owned(), |t| format!("last used {}", crate::components::clock::local_time(t)));
                let facts = format!("{} · {} · {} · made {} · {used}", k.origins.join(", "),
                    if k.show_prices { "prices shown" } else { "no prices" }, k.theme.label(),
                    crate::components::clock::local_time(k.created_at));
                let (name, key) = (k.name.clone(), k.clone());
                view! {
                    <li class="session" data-testid="embed-key">
                        <span class="session-what">
                            <strong>{k.name.clone()}</strong>" "<code class="small">{format!("{}…", k.prefix)}</code>
                            <span class="small muted block">{facts}</span>
                        </span>
                        <button type="button" class="button secondary" data-testid="embed-revoke"
                            on:click=move |_| { error.set(None); revoking.set(Some(key.clone())); }>
                            "Revoke"<span class="visually-hidden">" " {name}</span>
                        </button>
                    </li>
                }
            }).collect_view()}
        </ul>
        {move || revoking.get().map(|k| view! {
            <ConfirmDialog
                name="revoke-key"
                open=true
                title=format!("Revoke “{}”?", k.name)
                confirm_label="Revoke key"
                pending=revoke.pending()
                error=error
                on_confirm=Callback::new(move |()| { revoke.dispatch(k.id); })
                on_cancel=Callback::new(move |()| revoking.set(None))
            >
                <p>"Every site using this key shows nothing from now on, at once. This cannot be undone: a new key needs a new snippet."</p>
            </ConfirmDialog>
        })}
    }
    .into_any()
}
