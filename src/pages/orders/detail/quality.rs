//! R-ORD-5: quality control uploads.

use leptos::prelude::*;
use portal_core::api::{OrderDetail, StoredFile};
use portal_core::order::visual_inspection;
use portal_core::upload::Purpose;

use crate::api;
use crate::forms::fields::UploadField;

/// R-ORD-5: what quality control needs, the uploads so far (with thumbnails) and the upload fields.
#[component]
pub(super) fn QualityControl(
    order: RwSignal<OrderDetail>,
    /// Closed or handed back: no more uploads.
    finished: Signal<bool>,
    on_uploaded: Callback<StoredFile>,
) -> impl IntoView {
    let needs = move || order.read().qc;
    let order_id = order.get_untracked().order.id;
    view! {
        <section class="panel" aria-labelledby="qc-title" data-testid="quality-control">
            <h2 id="qc-title">"Quality control"</h2>
            <ul class="needs">
                <li>{move || if needs().report { "A QC report (PDF) is required for this order." } else { "No QC report is required; you may add one." }}</li>
                <li>{move || if needs().photos_before_shipping {
                    "DMLS: photos of every part are required before shipping can be published."
                } else if needs().photos {
                    "CNC: inspection photos of every part (each order line) are required."
                } else {
                    "No photos are required for this process."
                }}</li>
                {visual_inspection(order.get_untracked().order.process).into_iter().map(|item| view! {
                    <li data-testid="visual-inspection">{item}</li>
                }).collect_view()}
            </ul>
            <div class:hidden=move || finished.get()>
                <UploadField order_id=order_id purpose=Purpose::QcReport line=None id="upload-qc_report".to_owned()
                    label="QC report (PDF, at most 10 MB)".to_owned() on_uploaded=on_uploaded />
                // An order's lines never change, so the photo fields are made once (and keep their messages).
                {order.get_untracked().lines.iter().map(|l| view! {
                    <UploadField order_id=order_id purpose=Purpose::QcPhoto line=Some(l.id) id=format!("upload-qc_photo-{}", l.id)
                        label=format!("Photos of line {}: {} (JPEG or PNG)", l.line_no, l.part_name) on_uploaded=on_uploaded />
                }).collect_view()}
            </div>
            <ul class="files" data-testid="qc-files">
                {move || order.read().files.iter().map(|f| view! { <FileItem file=f.clone() /> }).collect_view()}
            </ul>
        </section>
    }
}

#[component]
fn FileItem(file: StoredFile) -> impl IntoView {
    let url = api::file_url(file.id);
    let kb = file.size.div_ceil(1024);
    view! {
        <li class="file" data-testid="qc-file">
            {if file.kind.is_image() {
                view! { <img class="thumb" src=url.clone() alt=format!("{}: {}", file.purpose.label(), file.name) width="64" height="64" /> }.into_any()
            } else {
                view! { <span class="thumb pdf" aria-hidden="true">"PDF"</span> }.into_any()
            }}
            <span>
                <a href=url download>{file.name.clone()}</a>
                <span class="muted small block">{format!("{} · {kb} KB · {}", file.purpose.label(), crate::components::clock::local_time(file.uploaded_at))}</span>
            </span>
        </li>
    }
}
