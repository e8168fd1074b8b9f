//! Component tests in headless Chromium (wasm-bindgen-test): components with logic, mounted
//! into a real DOM.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use partner_portal::components::dialog::ConfirmDialog;
use partner_portal::components::status::ErrorPanel;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

fn container() -> web_sys::HtmlElement {
    let el = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&el).unwrap();
    el.unchecked_into()
}

fn by_testid(root: &web_sys::HtmlElement, id: &str) -> web_sys::HtmlElement {
    root.query_selector(&format!("[data-testid='{id}']")).unwrap().unwrap_or_else(|| panic!("no {id}")).unchecked_into()
}

#[wasm_bindgen_test]
fn error_panel_retry_runs_the_callback() {
    let root = container();
    let retried = RwSignal::new(0);
    let _handle = leptos::mount::mount_to(root.clone(), move || {
        view! { <ErrorPanel message="The server is down." on_retry=Callback::new(move |()| retried.update(|n| *n += 1)) /> }
    });
    assert!(root.text_content().unwrap().contains("The server is down."));
    assert_eq!(by_testid(&root, "error-panel").get_attribute("role").as_deref(), Some("alert"));
    by_testid(&root, "retry").click();
    assert_eq!(retried.get_untracked(), 1);
}

#[wasm_bindgen_test]
async fn confirm_dialog_opens_modally_and_blocks_double_submit() {
    let root = container();
    let open = RwSignal::new(false);
    let pending = RwSignal::new(false);
    let confirmed = RwSignal::new(0);
    let _handle = leptos::mount::mount_to(root.clone(), move || {
        view! {
            <ConfirmDialog
                open=open
                title="Accept this job?"
                confirm_label="Accept job"
                pending=pending
                error=Signal::derive(|| None::<String>)
                on_confirm=Callback::new(move |()| {
                    confirmed.update(|n| *n += 1);
                    pending.set(true);
                })
                on_cancel=Callback::new(move |()| open.set(false))
            >
                <p>"Ship by Tue 1 Dec 2026"</p>
            </ConfirmDialog>
        }
    });
    // Closed, the dialog is not in the page at all (several dialogs never share ids).
    assert!(root.query_selector("[data-testid=confirm-dialog]").unwrap().is_none());
    open.set(true);
    gloo_timers::future::TimeoutFuture::new(0).await;
    let dialog: web_sys::HtmlDialogElement = by_testid(&root, "confirm-dialog").unchecked_into();
    assert!(dialog.open(), "opened as a modal");
    let confirm = by_testid(&root, "dialog-confirm");
    confirm.click();
    gloo_timers::future::TimeoutFuture::new(0).await;
    confirm.click();
    assert_eq!(confirmed.get_untracked(), 1, "the second click hits a disabled button");
    assert_eq!(confirm.text_content().unwrap(), "Working…");
    pending.set(false);
    gloo_timers::future::TimeoutFuture::new(0).await;
    by_testid(&root, "dialog-cancel").click();
    gloo_timers::future::TimeoutFuture::new(0).await;
    assert!(root.query_selector("[data-testid=confirm-dialog]").unwrap().is_none(), "closed and gone");
}

#[wasm_bindgen_test]
fn r_shp_6_drafts_belong_to_one_partner_and_one_form_and_go_on_logout() {
    use partner_portal::forms::drafts::DraftStore;
    DraftStore::clear_all();
    let (mine, other) = (DraftStore::for_partner(7), DraftStore::for_partner(8));
    assert_ne!(mine.key("shipping.42"), mine.key("shipping.43"));
    assert_ne!(mine.key("shipping.42"), other.key("shipping.42"));
    mine.save("shipping.42", &vec!["10".to_owned(), "30".to_owned()]);
    mine.save("capabilities", &"mine".to_owned());
    assert_eq!(mine.load::<Vec<String>>("shipping.42"), Some(vec!["10".to_owned(), "30".to_owned()]));
    assert_eq!(mine.load::<Vec<String>>("shipping.43"), None, "another order starts empty");
    assert_eq!(other.load::<Vec<String>>("shipping.42"), None, "another partner starts empty");
    assert_eq!(other.load::<String>("capabilities"), None, "settings too are per partner");
    mine.clear("shipping.42");
    assert_eq!(mine.load::<Vec<String>>("shipping.42"), None, "publishing clears it");
    // The settings page's old key (not keyed by partner) goes on logout too.
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    storage.set_item("portal.capabilities.draft", "{}").unwrap();
    other.save("what-if", &1);
    assert_eq!(DraftStore::count_all(), 2);
    DraftStore::clear_all();
    assert_eq!(DraftStore::count_all(), 0, "logging out clears every draft on the device");
    assert_eq!(storage.get_item("portal.capabilities.draft").unwrap(), None);
}

/// The one rule for a field's message: the server's until the field is edited; the form's own
/// check once the field was touched or the form submitted; screen readers told the same way.
#[wasm_bindgen_test]
async fn a_field_shows_the_server_message_until_edited_then_its_own_check() {
    use partner_portal::forms::fields::TextField;
    use partner_portal::forms::{Feedback, Form, one_step};
    use portal_core::api::FieldError;
    use portal_core::draft::login::{LoginDraft, LoginDraftStoreFields};
    let root = container();
    let feedback = RwSignal::new(None::<Feedback>);
    let _handle = leptos::mount::mount_to(root.clone(), move || {
        let form = Form::new(LoginDraft::default(), LoginDraft::errors, one_step);
        feedback.set(Some(form.feedback));
        view! {
            <TextField id="email" label="Email" field="email" input_type="email" value=form.draft.email() hint="The address you log in with." />
            <TextField id="password" label="Password" field="password" input_type="password" value=form.draft.password() />
        }
    });
    let feedback = feedback.get_untracked().unwrap();
    let input: web_sys::HtmlInputElement = by_testid(&root, "email").unchecked_into();
    let message = || by_testid(&root, "email-error").text_content().unwrap();
    let tick = || gloo_timers::future::TimeoutFuture::new(0);
    assert_eq!(input.get_attribute("aria-describedby").as_deref(), Some("email-hint email-error"));
    assert_eq!(message(), "", "nothing is said before the partner does anything");
    feedback.set_server(vec![FieldError::new("email", "taken", "The server says no.")]);
    tick().await;
    assert_eq!(message(), "The server says no.");
    assert_eq!(input.get_attribute("aria-invalid").as_deref(), Some("true"));
    input.set_value("shop@");
    input.dispatch_event(&web_sys::Event::new("input").unwrap()).unwrap();
    tick().await;
    assert_eq!(message(), "Enter an email address like name@company.com.", "edited: the form's own check");
    input.set_value("shop@example.com");
    input.dispatch_event(&web_sys::Event::new("input").unwrap()).unwrap();
    tick().await;
    assert_eq!(message(), "");
    assert_eq!(input.get_attribute("aria-invalid").as_deref(), Some("false"));
    assert_eq!(by_testid(&root, "password-error").text_content().unwrap(), "", "untouched: quiet");
    assert_eq!(feedback.show_step(1).len(), 1, "submit: the password is missing");
    tick().await;
    assert_eq!(by_testid(&root, "password-error").text_content().unwrap(), "Enter your password.");
}

#[wasm_bindgen_test]
async fn stepper_marks_done_current_and_open_steps() {
    use partner_portal::forms::wizard::Stepper;
    let root = container();
    let current = RwSignal::new(2_usize);
    let _handle = leptos::mount::mount_to(root.clone(), move || {
        view! { <Stepper steps=&["Parts", "Package", "Delivery"] current=current /> }
    });
    let step = |n: usize| -> web_sys::Element { root.query_selector(&format!("li:nth-child({n})")).unwrap().unwrap() };
    assert!(root.query_selector("li:nth-child(4)").unwrap().is_none(), "three steps");
    let class = |n| step(n).class_name();
    assert_eq!((class(1), class(2), class(3)), ("step done".into(), "step current".into(), "step todo".into()));
    assert_eq!(step(2).get_attribute("aria-current").as_deref(), Some("step"));
    current.set(3);
    gloo_timers::future::TimeoutFuture::new(0).await;
    assert_eq!(class(3), "step current");
}

mod score {
    use super::*;
    use chrono::{Days, NaiveDate};
    use partner_portal::components::score::ScoreChange;
    use partner_portal::pages::score::chart::{ScoreChart, nearest_week};
    use partner_portal::pages::score::what_if::{TriedJob, TriedOrder, Tries, count, tried_inputs};
    use portal_core::api::ScoreWeek;
    use portal_core::score::{JobOutcome, ScoreInputs, ScorePolicy, TakenBy, TakenJob, Tenths, score};

    fn inputs() -> ScoreInputs {
        let as_of: NaiveDate = "2026-11-20".parse().unwrap();
        let shipped = |n: u64| JobOutcome {
            order_id: i64::try_from(n).unwrap(),
            label: format!("ORD-{n}"),
            lead_time: as_of - Days::new(n),
            shipped_on: Some(as_of - Days::new(n)),
            lines: 2,
            rejected_lines: 0,
            check_ins: [Some(as_of - Days::new(n)); 4],
            said_on_time: Some(true),
        };
        let mut open = shipped(9);
        open.shipped_on = None;
        open.lead_time = as_of + Days::new(3);
        let taken =
            vec![TakenJob { reference: "ORD-9".into(), taken_on: as_of, taken_by: TakenBy::Board, let_go: None }];
        ScoreInputs { as_of, jobs_taken: 4, jobs: vec![shipped(1), shipped(2), shipped(3), open], taken }
    }

    /// R-PSS-8: the preview says the score, the bonus and the components that change.
    #[wasm_bindgen_test]
    fn r_pss_8_score_change_names_what_moves() {
        let policy = ScorePolicy::default();
        let before = score(&inputs(), &policy);
        let after = score(&inputs().with_handed_back("ORD-9"), &policy);
        let root = container();
        let (b, a) = (before.clone(), after.clone());
        let _handle =
            leptos::mount::mount_to(root.clone(), move || view! { <ScoreChange before=b.clone() after=a.clone() /> });
        assert_eq!(by_testid(&root, "preview-pss").text_content().unwrap(), "100.0 → 85.0 (−15.0)");
        assert_eq!(by_testid(&root, "preview-bonus").text_content().unwrap(), "+8% → +4%");
        let text = root.text_content().unwrap();
        assert!(text.contains("Engagement100.0 → 0.0"), "{text}");
        assert!(!text.contains("Quality"), "unchanged components are not listed: {text}");
    }

    /// R-PSS-8: what the partner types on the what-if page becomes the engine's inputs; a field
    /// that does not read gives no result rather than a wrong one.
    #[wasm_bindgen_test]
    fn r_pss_8_what_if_fields_become_inputs() {
        assert_eq!(count("", 0, 60, "days"), Ok(0));
        assert_eq!(count(" 6 ", 0, 60, "days"), Ok(6));
        assert_eq!(count("61", 0, 60, "days").unwrap_err(), "Enter days from 0 to 60.");
        assert_eq!(count("two", 0, 60, "days").unwrap_err(), "Enter days as a whole number, like 2.");
        let base = inputs();
        let tries = Tries {
            orders: vec![TriedOrder {
                order_id: 9,
                on: true,
                days_late: "6".into(),
                rejected: "1".into(),
                said: "yes".into(),
                answer_rest: true,
            }],
            jobs: vec![TriedJob {
                lines: "4".into(),
                rejected: "0".into(),
                days_late: String::new(),
                answered: true,
                said: String::new(),
            }],
        };
        let tried = tried_inputs(&base, &tries).unwrap();
        let r = score(&tried, &ScorePolicy::default());
        assert_eq!(r.jobs, 5);
        assert_eq!(r.lines_rejected, 1);
        assert_eq!(
            r.component(portal_core::score::Component::OnTime).unwrap().score,
            Tenths(800),
            "4 on time, one 6 days late"
        );
        let mut bad = tries.clone();
        bad.orders[0].rejected = "3".into();
        assert!(tried_inputs(&base, &bad).is_none(), "only 2 lines on that order");
    }

    /// The history chart: the readout starts at the last week and steps with the buttons; a
    /// pointer anywhere picks the nearest week.
    #[wasm_bindgen_test]
    async fn score_chart_reads_out_the_week_picked() {
        assert_eq!(nearest_week(0.0, 26), 0);
        assert_eq!(nearest_week(1.0, 26), 25);
        assert_eq!(
            nearest_week(0.5, 26),
            13,
            "the plot leaves room for the axis on the left and the tiers on the right"
        );
        let end: NaiveDate = "2026-11-20".parse().unwrap();
        let weeks: Vec<ScoreWeek> = (0..26u32)
            .map(|k| ScoreWeek {
                week_ending: end - Days::new(7 * u64::from(25 - k)),
                pss: Tenths(800 + k * 4),
                provisional: false,
                bonus: Tenths(20),
                // Issue 17: the first two weeks had no shipped jobs; week 24 had an RMA.
                jobs: if k < 2 { 0 } else { 5 },
                events: if k == 24 {
                    vec![portal_core::score::ScoreEvent {
                        kind: portal_core::score::ScoreEventKind::Rma,
                        text: "RMA: 1 of 4 lines of ORD-1 rejected".into(),
                    }]
                } else {
                    vec![]
                },
            })
            .collect();
        let root = container();
        let _handle = leptos::mount::mount_to(root.clone(), move || {
            view! { <ScoreChart weeks=weeks.clone() policy=ScorePolicy::default() /> }
        });
        let readout = by_testid(&root, "chart-readout");
        assert_eq!(readout.text_content().unwrap(), "Week ending Fri 20 Nov 2026: 90.0 (+2% bonus)");
        by_testid(&root, "chart-earlier").click();
        gloo_timers::future::TimeoutFuture::new(0).await;
        assert_eq!(
            readout.text_content().unwrap(),
            "Week ending Fri 13 Nov 2026: 89.6 (+2% bonus) · RMA: 1 of 4 lines of ORD-1 rejected"
        );
        assert!(root.query_selector("circle.point.selected").unwrap().is_some(), "the week picked is marked");
        // Weeks without shipped jobs have no point (24 of 26 drawn), the RMA week a marker, and
        // the axis dates every fifth week from the last.
        let html = root.inner_html();
        assert_eq!(html.matches("<circle").count(), 24);
        assert_eq!(html.matches("data-testid=\"event-mark\"").count(), 1);
        assert_eq!(html.matches("data-testid=\"axis-date\"").count(), 6);
        for _ in 0..23 {
            by_testid(&root, "chart-earlier").click();
        }
        gloo_timers::future::TimeoutFuture::new(0).await;
        assert_eq!(
            readout.text_content().unwrap(),
            "Week ending Fri 5 Jun 2026: no shipped jobs in the window, so no score"
        );
    }
}

#[wasm_bindgen_test]
fn addresses_name_their_pages_and_ids() {
    use partner_portal::routes::Route;
    for (path, route) in [
        ("/", Route::Root),
        ("", Route::Root),
        ("/login", Route::Login),
        ("/board", Route::Board),
        ("/board/", Route::Board),
        ("/jobs/12", Route::Job(12)),
        ("/jobs/x", Route::NotFound),
        ("/orders", Route::Orders),
        ("/orders/44", Route::Order(44)),
        ("/orders/44/ship", Route::Ship(44)),
        ("/orders/44/invoice", Route::Invoice(44)),
        ("/orders/44/shipments/7/label", Route::Label(44, 7)),
        ("/payouts", Route::Payouts),
        ("/counteroffers", Route::Counteroffers),
        ("/notifications", Route::Notifications),
        ("/score", Route::Score),
        ("/score/what-if", Route::WhatIf),
        ("/settings", Route::Settings),
        // Ids are positive numbers; anything else is no page.
        ("/orders/abc", Route::NotFound),
        ("/orders/0/ship", Route::NotFound),
        ("/orders/44/shipments/x/label", Route::NotFound),
        ("/orders/44/ship/more", Route::NotFound),
        ("/nowhere", Route::NotFound),
        ("//board", Route::NotFound),
    ] {
        assert_eq!(Route::from_path(path), route, "{path}");
    }
    assert_eq!(Route::Label(44, 7).order_id(), Some(44));
    assert_eq!(Route::Label(44, 7).shipment_id(), Some(7));
    assert_eq!(Route::Board.order_id(), None);
}

#[wasm_bindgen_test]
fn the_streams_first_ready_rereads_only_what_was_read_behind_it() {
    use partner_portal::components::live::{note_read, note_ready, provide_live};
    let owner = Owner::new();
    owner.with(|| {
        let live = provide_live();
        let counts = move || (live.board.get_untracked(), live.notifications.get_untracked());
        // Read while the stream was opening: the board at the stream's count, the feed before a notice.
        note_read("board 7 3");
        note_read("notifications 7 5");
        assert_eq!(counts(), (0, 0), "nothing is decided before the stream is there");
        note_ready("7 3 6");
        assert_eq!(counts(), (0, 1), "only the feed missed something");
        // A read sent before the stream began and answered after it: behind.
        note_read("board 7 2");
        assert_eq!(counts(), (1, 1));
        // A read at or after the stream's count: nothing to do.
        note_read("board 7 3");
        note_read("notifications 7 9");
        assert_eq!(counts(), (1, 1));
        // Read from another server process (a restart): behind whatever the counts say.
        note_read("notifications 8 99");
        assert_eq!(counts(), (1, 2));
        // A reconnect may have missed anything: both are read again.
        note_ready("7 3 6");
        assert_eq!(counts(), (2, 3));
    });
    owner.with(|| {
        // A new login starts a new stream: its first `ready` is a first again. Reads from two
        // processes before it count as behind.
        let live = provide_live();
        note_read("board 7 3");
        note_read("board 8 3");
        note_ready("8 3 0");
        assert_eq!((live.board.get_untracked(), live.notifications.get_untracked()), (1, 0));
    });
}
