//! What accepting a job binds a partner to, said the same on the job's page and in the accept
//! dialog: delivery, QC report and photos, tolerances, notes; and the price with its bonus.

use leptos::prelude::*;
use portal_core::Money;
use portal_core::api::{JobBonus, OrderTerms};
use portal_core::order::QcNeeds;

/// The terms as a list.
#[component]
pub fn BindingTerms(terms: OrderTerms, qc: QcNeeds) -> impl IntoView {
    let ship_to = terms.ship_to.lines().collect::<Vec<_>>().join(", ");
    view! {
        <dl class="terms-list" data-testid="binding-terms">
            <dt>"Delivery"</dt>
            <dd data-testid="terms-delivery">{terms.delivery_terms.label()} <span class="muted small block">"to " {ship_to}</span></dd>
            <dt>"QC report"</dt>
            <dd data-testid="terms-qc">{if qc.report { "Required: upload a QC report (PDF) before shipping" } else { "Not required" }}</dd>
            <dt>"Photos"</dt>
            <dd data-testid="terms-photos">{match (qc.photos, qc.photos_before_shipping) {
                (_, true) => "Inspection photos of every part, uploaded before shipping",
                (true, false) => "Inspection photos of every part",
                (false, false) => "Not required",
            }}</dd>
            <dt>"Tolerances"</dt>
            <dd data-testid="terms-tolerance">{terms.tolerance.clone()}</dd>
            {(!terms.notes.is_empty()).then(|| view! {
                <dt>"Notes"</dt>
                <dd data-testid="terms-notes">{terms.notes.clone()}</dd>
            })}
        </dl>
    }
}

/// R-JOB-7: the base price, the bonus apart, and what the order pays.
#[component]
pub fn PriceWithBonus(price: Money, bonus: Option<JobBonus>) -> impl IntoView {
    match bonus {
        Some(b) => view! {
            <p data-testid="job-price">
                "Price " <strong>{price.display()}</strong> " + bonus " <strong>{b.amount.display()}</strong>
                " (" {b.percent.short()} "%) = the order pays " <strong data-testid="job-total">{b.total.display()}</strong>
            </p>
        }
        .into_any(),
        None => view! { <p data-testid="job-price">"The order pays " <strong data-testid="job-total">{price.display()}</strong></p> }
            .into_any(),
    }
}
