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
fn r_shp_6_drafts_belong_to_one_partner_and_one_order() {
    use partner_portal::wizard::{clear_draft, draft_key, load_draft, save_draft};
    let mine = draft_key("shipping", 7, 42);
    let other_order = draft_key("shipping", 7, 43);
    let other_partner = draft_key("shipping", 8, 42);
    assert_ne!(mine, other_order);
    assert_ne!(mine, other_partner);
    save_draft(&mine, &vec!["10".to_owned(), "30".to_owned()]);
    assert_eq!(load_draft::<Vec<String>>(&mine), Some(vec!["10".to_owned(), "30".to_owned()]));
    assert_eq!(load_draft::<Vec<String>>(&other_order), None, "another order starts empty");
    assert_eq!(load_draft::<Vec<String>>(&other_partner), None, "another partner starts empty");
    clear_draft(&mine);
    assert_eq!(load_draft::<Vec<String>>(&mine), None, "publishing clears it");
}

#[wasm_bindgen_test]
async fn stepper_marks_done_current_and_open_steps() {
    use partner_portal::wizard::Stepper;
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
