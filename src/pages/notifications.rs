//! `/notifications`: the in-app feed (R-JOB-9), newest first, with mark as read. Follows the
//! live stream, like the unread count in the navigation.

use leptos::prelude::*;
use leptos_router::components::A;
use portal_core::api::{Notification, NotificationFeed, NotificationKind};

use crate::api::{self, ApiError};
use crate::components::icons::{BellIcon, CheckIcon, CrossIcon, WarningIcon};
use crate::components::live::expect_live;
use crate::components::status::{Loading, api_error_view};

#[component]
pub fn NotificationsPage() -> impl IntoView {
    let live = expect_live();
    let feed = LocalResource::new(api::notifications);
    let retry = Callback::new(move |()| feed.refetch());
    Effect::new(move |first: Option<()>| {
        live.notifications.track();
        if first.is_some() {
            feed.refetch();
        }
    });
    let mark = Action::new_local(move |id: &Option<i64>| {
        let id = *id;
        async move {
            match id {
                Some(id) => api::mark_read(id).await,
                None => api::mark_all_read().await,
            }
        }
    });
    let failed = RwSignal::new(None::<String>);
    Effect::new(move |_| match mark.value().get() {
        Some(Ok(f)) => {
            live.unread.set(f.unread);
            failed.set(None);
            feed.refetch();
        }
        Some(Err(e)) => failed.set(Some(e.to_string())),
        None => {}
    });
    let on_mark = Callback::new(move |id: Option<i64>| {
        mark.dispatch(id);
    });
    view! {
        <div class="page-head">
            <h1>"Notifications"</h1>
            <p class="muted">
                "New matching jobs, counteroffer outcomes and jobs taken while you looked at them. "
                "Choose what you are told, and the email digests, in " <A href="/settings#notifications">"Settings"</A> "."
            </p>
        </div>
        <Show when=move || failed.get().is_some()>
            <p class="form-error" role="alert">{move || failed.get()}</p>
        </Show>
        <Transition fallback=|| view! { <Loading label="Loading notifications…" /> }>
            <ErrorBoundary fallback=move |errors| api_error_view(errors, retry)>
                {move || Suspend::new(async move {
                    let f = feed.await?;
                    Ok::<_, ApiError>(view! { <Feed feed=f on_mark=on_mark pending=mark.pending() /> })
                })}
            </ErrorBoundary>
        </Transition>
    }
}

#[component]
fn Feed(feed: NotificationFeed, on_mark: Callback<Option<i64>>, pending: Memo<bool>) -> impl IntoView {
    if feed.notifications.is_empty() {
        return view! {
            <div class="state state-empty" data-testid="notifications-empty">
                <h2>"Nothing new"</h2>
                <p>"Notices about new jobs and your counteroffers appear here."</p>
            </div>
        }
        .into_any();
    }
    let unread = feed.unread;
    view! {
        <div class="feed-head">
            <p class="result-count" role="status">{format!("{unread} unread")}</p>
            <button
                type="button"
                class="button secondary"
                data-testid="mark-all-read"
                disabled=move || pending.get() || unread == 0
                on:click=move |_| on_mark.run(None)
            >
                "Mark all as read"
            </button>
        </div>
        <ul class="feed" data-testid="feed">
            {feed.notifications.into_iter().map(|n| view! { <Item n=n on_mark=on_mark pending=pending /> }).collect_view()}
        </ul>
    }
    .into_any()
}

#[component]
fn Item(n: Notification, on_mark: Callback<Option<i64>>, pending: Memo<bool>) -> impl IntoView {
    let icon = match n.kind {
        NotificationKind::NewJob => view! { <BellIcon /> }.into_any(),
        NotificationKind::CounterofferWon => view! { <CheckIcon /> }.into_any(),
        NotificationKind::CounterofferLost => view! { <CrossIcon /> }.into_any(),
        NotificationKind::JobTaken | NotificationKind::OnTimeReminder => view! { <WarningIcon /> }.into_any(),
        NotificationKind::Digest => view! { <BellIcon /> }.into_any(),
    };
    let link = match n.kind {
        NotificationKind::NewJob => {
            Some(n.job_id.map_or_else(
                || ("/board".to_owned(), "Open the job board"),
                |id| (format!("/jobs/{id}"), "See the job"),
            ))
        }
        NotificationKind::Digest => Some(("/board".to_owned(), "Open the job board")),
        NotificationKind::CounterofferWon => {
            Some((n.order_id.map_or_else(|| "/orders".to_owned(), |id| format!("/orders/{id}")), "See the order"))
        }
        NotificationKind::CounterofferLost => Some(("/counteroffers".to_owned(), "See your counteroffers")),
        NotificationKind::OnTimeReminder => n.order_id.map(|id| (format!("/orders/{id}"), "Answer on the order page")),
        NotificationKind::JobTaken => None,
    };
    let id = n.id;
    view! {
        <li class="feed-item" class:unread=!n.read data-testid="notification" data-kind=n.kind.slug()>
            <span class="feed-icon">{icon}</span>
            <div class="feed-text">
                <p class="feed-title">
                    {(!n.read).then(|| view! { <span class="badge badge-new">"Unread"</span> " " })}
                    <strong>{n.title.clone()}</strong>
                </p>
                <p class="small feed-body">{n.body.clone()}</p>
                <p class="small muted">
                    <time datetime=n.created_at.to_rfc3339() data-testid="notification-time">
                        {crate::components::clock::local_time(n.created_at)}
                    </time>
                    {link.map(|(href, label)| view! { " · " <A href=href>{label}</A> })}
                </p>
            </div>
            {(!n.read).then(|| view! {
                <button
                    type="button"
                    class="button secondary"
                    data-testid="mark-read"
                    disabled=move || pending.get()
                    on:click=move |_| on_mark.run(Some(id))
                >
                    "Mark as read"
                    <span class="visually-hidden">": " {n.title.clone()}</span>
                </button>
            })}
        </li>
    }
}
