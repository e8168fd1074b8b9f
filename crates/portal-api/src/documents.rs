//! Documents the server generates: the production order (R-ORD-3) as a plain PDF, written out by
//! hand (Helvetica, text only) so no PDF library is needed.

use portal_core::Money;
use portal_core::api::{InvoicePosition, OrderDetail};
use portal_core::capability::Dimensions;
use portal_core::format;
use portal_core::job::DrawingFile;
use portal_core::units::{DisplayPrefs, Paper, Units};

const MARGIN: u32 = 56;

/// One line of text: bold or not, size in points.
struct Line {
    bold: bool,
    size: u32,
    text: String,
}

/// The production order: the order's lines, the drawings list and the requirements.
pub fn production_order(d: &OrderDetail, display: DisplayPrefs) -> Vec<u8> {
    let o = &d.order;
    let mut lines = Vec::new();
    let mut push = |bold: bool, size: u32, text: String| lines.push(Line { bold, size, text });
    push(true, 18, format!("Production order {}", o.number));
    push(false, 10, format!("Lead time (ship by): {}", format::date(o.lead_time)));
    push(false, 10, format!("Accepted: {}", format::instant(o.accepted_at)));
    match o.bonus {
        Some(bonus) => push(
            false,
            10,
            format!(
                "Order value: {} ({} base price + {} bonus)",
                o.value().display(),
                o.price.display(),
                bonus.display()
            ),
        ),
        None => push(false, 10, format!("Order value: {}", o.price.display())),
    }
    push(false, 10, format!("General tolerance: {}", d.terms.tolerance));
    if !d.terms.notes.is_empty() {
        push(false, 10, format!("Notes: {}", d.terms.notes));
    }
    push(false, 10, String::new());
    push(true, 12, "Requirements".to_owned());
    push(false, 10, format!("Process: {}    Material: {}", o.process.label(), o.material.label()));
    push(false, 10, format!("Delivery: {}", d.terms.delivery_terms.label()));
    push(false, 10, format!("QC report required: {}", if d.terms.qc_report_required { "yes (PDF)" } else { "no" }));
    if d.qc.photos {
        push(false, 10, "Inspection photos of every part are required.".to_owned());
    }
    if d.qc.photos_before_shipping {
        push(false, 10, "Photos must be uploaded before shipping can be published (DMLS).".to_owned());
    }
    push(false, 10, String::new());
    push(true, 12, "Lines".to_owned());
    for l in &d.lines {
        push(
            false,
            10,
            format!(
                "{}. {} - qty {} - {} - {} - {} each, {} total",
                l.line_no,
                l.part_name,
                l.quantity,
                l.finish.label(),
                l.size.display_in(display.units),
                l.unit_price.display(),
                l.total.display()
            ),
        );
    }
    push(false, 10, String::new());
    push(true, 12, "Drawings".to_owned());
    for l in &d.lines {
        for drawing in &l.drawings {
            push(false, 10, format!("{} (line {})", drawing, l.line_no));
        }
    }
    push(false, 10, String::new());
    push(true, 12, "Packing".to_owned());
    for item in &d.packing {
        push(false, 10, format!("- {item}"));
    }
    push(false, 10, String::new());
    push(true, 12, "Ship to".to_owned());
    for part in d.terms.ship_to.lines() {
        push(false, 10, part.to_owned());
    }
    pdf(&lines, display.paper)
}

/// A partner's invoice as their bookkeeping would print it (the demo's signed invoices).
pub fn invoice(
    number: &str,
    company: &str,
    order_number: &str,
    positions: &[InvoicePosition],
    total: Money,
) -> Vec<u8> {
    let mut lines = Vec::new();
    let mut push = |bold: bool, size: u32, text: String| lines.push(Line { bold, size, text });
    push(true, 18, format!("Invoice {number}"));
    for part in company.lines() {
        push(false, 10, part.to_owned());
    }
    push(false, 10, format!("Order {order_number}"));
    push(false, 10, String::new());
    for p in positions {
        push(false, 10, format!("{} x {} at {} = {}", p.quantity, p.part_name, p.unit_price_text, p.total.display()));
    }
    push(true, 12, format!("Total {}", total.display()));
    push(false, 10, String::new());
    push(false, 10, "Signed: ______________________".to_owned());
    pdf(&lines, Paper::A4)
}

/// R-SUP-8: the return form that goes in the parcel: the RMA number, what goes back, the
/// refund estimate and the day it must arrive by.
pub fn return_form(
    order: &portal_core::api::StoreOrder,
    rma: &portal_core::api::StoreReturn,
    company: &str,
) -> Vec<u8> {
    let mut lines = Vec::new();
    let mut push = |bold: bool, size: u32, text: String| lines.push(Line { bold, size, text });
    push(true, 18, format!("Return {} (RMA)", rma.number));
    push(false, 10, format!("Store order {} from {company}", order.number));
    push(false, 10, format!("Reason: {}", rma.reason.label()));
    if !rma.note.is_empty() {
        push(false, 10, format!("Note: {}", rma.note));
    }
    push(false, 10, String::new());
    push(true, 12, "Goods returned (unused)".to_owned());
    for l in &rma.lines {
        let name = order.lines.iter().find(|o| o.id == l.line_id).map_or("", |o| o.name.as_str());
        push(false, 10, format!("{} x {name}", l.pieces));
    }
    push(false, 10, String::new());
    push(false, 10, format!("Goods: {}", rma.goods.display()));
    push(false, 10, format!("Restocking fee (30%): -{}", rma.restocking_fee.display()));
    push(false, 10, format!("Return shipping: -{}", rma.return_shipping.display()));
    push(true, 12, format!("Refund estimate: {}", rma.refund_estimate.display()));
    push(false, 10, String::new());
    push(true, 12, format!("Must arrive back by {}", format::date(rma.return_by)));
    push(false, 10, "Mark the parcel with the RMA number; put this form inside.".to_owned());
    push(false, 10, "Supplies Store Returns, 400 Commerce Way, Dock 7, Columbus, OH 43219".to_owned());
    pdf(&lines, Paper::Letter)
}

/// The store's invoice for one of its orders: the lines, discount, shipping, tax, total and how
/// it is paid (job funds, the invoiced rest and its due date, a purchase order, or a card).
pub fn store_invoice(
    order: &portal_core::api::StoreOrder,
    invoice: Option<&portal_core::api::StoreInvoice>,
    company: &str,
) -> Vec<u8> {
    let mut lines = Vec::new();
    let mut push = |bold: bool, size: u32, text: String| lines.push(Line { bold, size, text });
    push(true, 18, format!("Invoice {}", invoice.map_or(order.number.as_str(), |i| i.number.as_str())));
    push(false, 10, "Marketplace Supplies Store, 400 Commerce Way, Columbus, OH 43219".to_owned());
    push(false, 10, format!("Bill to: {company}"));
    let a = &order.ship_to;
    push(false, 10, format!("Ship to: {}, {}, {}, {} {}", a.name, a.street, a.city, a.state, a.zip));
    push(false, 10, format!("Store order {} placed {}", order.number, format::date(order.placed_at.date_naive())));
    if let Some(po) = &order.po_number {
        push(false, 10, format!("Your purchase order: {po}"));
    }
    push(false, 10, String::new());
    for l in &order.lines {
        let status = if l.status == portal_core::api::StoreLineStatus::Cancelled { " (cancelled)" } else { "" };
        push(
            false,
            10,
            format!(
                "{}. {} x {} at {} = {}{status}",
                l.line_no,
                l.spec.pieces,
                l.name,
                l.piece_price.display(),
                l.total.display()
            ),
        );
    }
    push(false, 10, String::new());
    push(false, 10, format!("Goods: {}", order.goods.display()));
    if order.discount.amount_minor > 0 {
        push(false, 10, format!("Promotion {}: -{}", order.promo.as_deref().unwrap_or(""), order.discount.display()));
    }
    push(false, 10, format!("Shipping ({}): {}", order.method.label(), order.shipping.display()));
    push(false, 10, format!("Sales tax ({}): {}", order.ship_to.state, order.tax.display()));
    push(true, 12, format!("Total {}", order.total.display()));
    push(false, 10, String::new());
    if order.from_funds.amount_minor > 0 {
        push(false, 10, format!("Paid from job funds: {}", order.from_funds.display()));
    }
    if let Some(card) = &order.card {
        push(false, 10, format!("Paid by card: {} ending {}", card.brand, card.last4));
    }
    if let Some(i) = invoice {
        push(true, 12, format!("Due {}: {}", format::date(i.due_date), i.amount.display()));
    }
    if let Some(at) = order.cancelled_at {
        push(true, 12, format!("Cancelled {}", format::date(at.date_naive())));
    }
    pdf(&lines, Paper::Letter)
}

/// R-SUP-10: a line's mill test report or certificate of compliance, once the line is cut (the
/// material is then known down to its heat).
pub fn store_certificate(
    order: &portal_core::api::StoreOrder,
    line: &portal_core::api::StoreOrderLine,
    mill_test_report: bool,
) -> Vec<u8> {
    let mut lines = Vec::new();
    let mut push = |bold: bool, size: u32, text: String| lines.push(Line { bold, size, text });
    let title = if mill_test_report { "Mill test report" } else { "Certificate of compliance" };
    push(true, 18, title.to_owned());
    push(false, 10, format!("Store order {}, line {}", order.number, line.line_no));
    push(false, 10, format!("{} ({}), {} pieces", line.name, line.spec.sku, line.spec.pieces));
    // The heat number is the order's and line's: the same document every time it is fetched.
    push(false, 10, format!("Heat {}-{:02}", order.number, line.line_no));
    push(false, 10, String::new());
    if mill_test_report {
        push(false, 10, "Chemical composition and mechanical properties as certified by the mill".to_owned());
        push(false, 10, "for this heat, tested to the material's specification.".to_owned());
    } else {
        push(false, 10, "We certify that the material supplied on this line conforms to the".to_owned());
        push(false, 10, "specification named in the catalog and to the purchase order.".to_owned());
    }
    push(false, 10, String::new());
    push(false, 10, "Marketplace Supplies Store, Quality".to_owned());
    pdf(&lines, Paper::Letter)
}

/// What the marketplace's files of a part describe.
pub struct PartSpec {
    pub reference: String,
    pub line_no: u32,
    pub part_name: String,
    pub size: Dimensions,
    pub material: String,
    pub finish: String,
    pub quantity: u32,
    pub tolerance: String,
    pub notes: String,
}

impl PartSpec {
    /// A job's part (line `line_no` of the order it becomes).
    pub fn of_job(job: &crate::db::jobs::JobPosting, line_no: u32) -> PartSpec {
        let r = &job.requirements;
        PartSpec {
            reference: job.reference.clone(),
            line_no,
            part_name: job.part_name.clone(),
            size: r.part_size,
            material: r.material.label().to_owned(),
            finish: r.finish.label().to_owned(),
            quantity: job.quantity,
            tolerance: job.terms.tolerance.clone(),
            notes: job.terms.notes.clone(),
        }
    }
}

impl PartSpec {
    /// A line of an order, whose files are named `{reference}-{line}.{ext}`.
    pub fn of_order_line(d: &OrderDetail, line: &portal_core::api::OrderLine, file_name: &str) -> PartSpec {
        let suffix = format!("-{}.", line.line_no);
        let reference = file_name.rsplit_once(&suffix).map_or(d.order.number.as_str(), |(r, _)| r);
        PartSpec {
            reference: reference.to_owned(),
            line_no: line.line_no,
            part_name: line.part_name.clone(),
            size: line.size,
            material: d.order.material.label().to_owned(),
            finish: line.finish.label().to_owned(),
            quantity: line.quantity,
            tolerance: d.terms.tolerance.clone(),
            notes: d.terms.notes.clone(),
        }
    }
}

/// One of a part's files: the drawing as a PDF, the model as a STEP file.
pub fn part_file(file: DrawingFile, spec: &PartSpec, paper: Paper) -> Vec<u8> {
    match file {
        DrawingFile::Drawing => part_drawing(spec, paper),
        DrawingFile::Model => step_model(spec),
    }
}

/// The 2D drawing: title block, overall dimensions in mm and in, material, finish, tolerances.
fn part_drawing(spec: &PartSpec, paper: Paper) -> Vec<u8> {
    let mut lines = Vec::new();
    let mut push = |bold: bool, size: u32, text: String| lines.push(Line { bold, size, text });
    push(true, 18, format!("Drawing {}-{}: {}", spec.reference, spec.line_no, spec.part_name));
    push(false, 10, "Third-angle projection. Dimensions in millimetres; inches in brackets.".to_owned());
    push(false, 10, String::new());
    push(true, 12, "Overall dimensions".to_owned());
    let s = spec.size;
    push(false, 10, format!("{} ({})", s.display(), s.display_in(Units::Imperial)));
    push(false, 10, String::new());
    push(true, 12, "Requirements".to_owned());
    push(false, 10, format!("Material: {}", spec.material));
    push(false, 10, format!("Finish: {}", spec.finish));
    push(false, 10, format!("Quantity: {}", spec.quantity));
    push(false, 10, format!("General tolerance: {}", spec.tolerance));
    push(false, 10, "Break sharp edges 0.2-0.5 mm. Remove all burrs.".to_owned());
    if !spec.notes.is_empty() {
        push(false, 10, String::new());
        push(true, 12, "Notes".to_owned());
        for part in spec.notes.lines() {
            push(false, 10, part.to_owned());
        }
    }
    pdf(&lines, paper)
}

/// The 3D model: the part's envelope as a faceted B-rep in an ISO 10303-21 (STEP AP214) file
/// that CAD programs open.
fn step_model(spec: &PartSpec) -> Vec<u8> {
    let (x, y, z) = (f64::from(spec.size.x_mm), f64::from(spec.size.y_mm), f64::from(spec.size.z_mm));
    let name: String = format!("{}-{} {}", spec.reference, spec.line_no, spec.part_name)
        .chars()
        .map(|c| if c.is_ascii_graphic() && c != '\'' && c != '\\' || c == ' ' { c } else { '_' })
        .collect();
    let mut data = Vec::new();
    let mut add = |entity: String| {
        data.push(entity);
        data.len()
    };
    let points: Vec<usize> = [
        (0.0, 0.0, 0.0),
        (x, 0.0, 0.0),
        (x, y, 0.0),
        (0.0, y, 0.0),
        (0.0, 0.0, z),
        (x, 0.0, z),
        (x, y, z),
        (0.0, y, z),
    ]
    .iter()
    .map(|(a, b, c)| add(format!("CARTESIAN_POINT('',({a:.3},{b:.3},{c:.3}))")))
    .collect();
    let faces: Vec<usize> = [[0, 3, 2, 1], [4, 5, 6, 7], [0, 1, 5, 4], [1, 2, 6, 5], [2, 3, 7, 6], [3, 0, 4, 7]]
        .iter()
        .map(|corners| {
            let refs: Vec<String> = corners.iter().map(|&i| format!("#{}", points[i])).collect();
            let lp = add(format!("POLY_LOOP('',({}))", refs.join(",")));
            let bound = add(format!("FACE_OUTER_BOUND('',#{lp},.T.)"));
            add(format!("FACE('',(#{bound}))"))
        })
        .collect();
    let refs: Vec<String> = faces.iter().map(|f| format!("#{f}")).collect();
    let shell = add(format!("CLOSED_SHELL('',({}))", refs.join(",")));
    let brep = add(format!("FACETED_BREP('{name}',#{shell})"));
    let origin = add("CARTESIAN_POINT('',(0.,0.,0.))".to_owned());
    let axis = add("DIRECTION('',(0.,0.,1.))".to_owned());
    let ref_dir = add("DIRECTION('',(1.,0.,0.))".to_owned());
    let placement = add(format!("AXIS2_PLACEMENT_3D('',#{origin},#{axis},#{ref_dir})"));
    let length = add("(LENGTH_UNIT() NAMED_UNIT(*) SI_UNIT(.MILLI.,.METRE.))".to_owned());
    let angle = add("(NAMED_UNIT(*) PLANE_ANGLE_UNIT() SI_UNIT($,.RADIAN.))".to_owned());
    let solid = add("(NAMED_UNIT(*) SI_UNIT($,.STERADIAN.) SOLID_ANGLE_UNIT())".to_owned());
    let uncertainty =
        add(format!("UNCERTAINTY_MEASURE_WITH_UNIT(LENGTH_MEASURE(1.E-03),#{length},'distance_accuracy_value','')"));
    let context = add(format!(
        "(GEOMETRIC_REPRESENTATION_CONTEXT(3) GLOBAL_UNCERTAINTY_ASSIGNED_CONTEXT((#{uncertainty})) \
         GLOBAL_UNIT_ASSIGNED_CONTEXT((#{length},#{angle},#{solid})) REPRESENTATION_CONTEXT('',''))"
    ));
    let app = add("APPLICATION_CONTEXT('automotive_design')".to_owned());
    add(format!("APPLICATION_PROTOCOL_DEFINITION('international standard','automotive_design',2000,#{app})"));
    let product_context = add(format!("PRODUCT_CONTEXT('',#{app},'mechanical')"));
    let product = add(format!("PRODUCT('{0}','{0}','',(#{product_context}))", name));
    let formation = add(format!("PRODUCT_DEFINITION_FORMATION('','',#{product})"));
    let def_context = add(format!("PRODUCT_DEFINITION_CONTEXT('part definition',#{app},'design')"));
    let definition = add(format!("PRODUCT_DEFINITION('design','',#{formation},#{def_context})"));
    let shape = add(format!("PRODUCT_DEFINITION_SHAPE('','',#{definition})"));
    let representation = add(format!("FACETED_BREP_SHAPE_REPRESENTATION('{name}',(#{placement},#{brep}),#{context})"));
    add(format!("SHAPE_DEFINITION_REPRESENTATION(#{shape},#{representation})"));
    let mut out = String::from("ISO-10303-21;\nHEADER;\n");
    out.push_str(&format!("FILE_DESCRIPTION(('{name}'),'2;1');\n"));
    out.push_str(&format!(
        "FILE_NAME('{}-{}.step','2026-01-01T00:00:00',('Marketplace'),('Marketplace'),'partner-portal','partner-portal','');\n",
        spec.reference, spec.line_no
    ));
    out.push_str("FILE_SCHEMA(('AUTOMOTIVE_DESIGN { 1 0 10303 214 1 1 1 1 }'));\nENDSEC;\nDATA;\n");
    for (i, entity) in data.iter().enumerate() {
        out.push_str(&format!("#{}={entity};\n", i + 1));
    }
    out.push_str("ENDSEC;\nEND-ISO-10303-21;\n");
    out.into_bytes()
}

/// Text in a PDF string literal, in WinAnsi (Latin-1 for what it covers; `?` otherwise).
fn pdf_text(s: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '(' | ')' | '\\' => {
                out.push(b'\\');
                out.push(c as u8);
            }
            ' '..='~' => out.push(c as u8),
            '\u{a0}'..='\u{ff}' => out.push(u8::try_from(u32::from(c)).unwrap_or(b'?')),
            '–' | '—' => out.push(b'-'),
            _ => out.push(b'?'),
        }
    }
    out
}

/// Lays lines out top to bottom over as many A4 pages as they need.
fn pdf(lines: &[Line], paper: Paper) -> Vec<u8> {
    let (page_w, page_h) = paper.points();
    let mut pages: Vec<Vec<u8>> = Vec::new();
    let mut content = Vec::new();
    let mut y = page_h - MARGIN;
    for line in lines {
        let step = line.size + line.size / 2;
        if y < MARGIN + step {
            pages.push(std::mem::take(&mut content));
            y = page_h - MARGIN;
        }
        y -= step;
        let font = if line.bold { "F2" } else { "F1" };
        content.extend_from_slice(format!("BT /{font} {} Tf {MARGIN} {y} Td (", line.size).as_bytes());
        content.extend_from_slice(&pdf_text(&line.text));
        content.extend_from_slice(b") Tj ET\n");
    }
    pages.push(content);

    // Objects: 1 catalog, 2 pages, 3 and 4 fonts, then a page and its content per page.
    let mut objects: Vec<Vec<u8>> = Vec::new();
    let kids: Vec<String> = (0..pages.len()).map(|i| format!("{} 0 R", 5 + 2 * i)).collect();
    objects.push(b"<< /Type /Catalog /Pages 2 0 R >>".to_vec());
    objects.push(format!("<< /Type /Pages /Kids [{}] /Count {} >>", kids.join(" "), pages.len()).into_bytes());
    for base in ["Helvetica", "Helvetica-Bold"] {
        objects.push(
            format!("<< /Type /Font /Subtype /Type1 /BaseFont /{base} /Encoding /WinAnsiEncoding >>").into_bytes(),
        );
    }
    for (i, content) in pages.iter().enumerate() {
        objects.push(
            format!(
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {page_w} {page_h}] \
                 /Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents {} 0 R >>",
                6 + 2 * i
            )
            .into_bytes(),
        );
        let mut stream = format!("<< /Length {} >>\nstream\n", content.len()).into_bytes();
        stream.extend_from_slice(content);
        stream.extend_from_slice(b"endstream");
        objects.push(stream);
    }
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::with_capacity(objects.len());
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
    for offset in offsets {
        out.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!("trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", objects.len() + 1).as_bytes(),
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_latin1() {
        assert_eq!(pdf_text("a(b)\\"), b"a\\(b\\)\\\\".to_vec());
        assert_eq!(pdf_text("12 × 3"), vec![b'1', b'2', b' ', 0xD7, b' ', b'3']);
        assert_eq!(pdf_text("€"), b"?".to_vec());
    }

    #[test]
    fn xref_offsets_point_at_objects() {
        let lines: Vec<Line> = (0..60).map(|i| Line { bold: false, size: 10, text: format!("line {i}") }).collect();
        let bytes = pdf(&lines, Paper::A4);
        let text = String::from_utf8_lossy(&bytes);
        assert!(text.starts_with("%PDF-1.4"));
        assert!(text.contains("/Count 2"), "60 lines take two pages");
        let xref_at: usize = text.rsplit("startxref\n").next().unwrap().lines().next().unwrap().parse().unwrap();
        assert!(text[xref_at..].starts_with("xref"));
        let first_entry = text[xref_at..].lines().nth(3).unwrap();
        let offset: usize = first_entry[..10].parse().unwrap();
        assert!(text[offset..].starts_with("1 0 obj"));
    }
}
