//! Documents the server generates: the production order (R-ORD-3) as a plain PDF, written out by
//! hand (Helvetica, text only) so no PDF library is needed.

use portal_core::Money;
use portal_core::api::{InvoicePosition, OrderDetail};
use portal_core::format;

/// A4 in points.
const PAGE_W: u32 = 595;
const PAGE_H: u32 = 842;
const MARGIN: u32 = 56;

/// One line of text: bold or not, size in points.
struct Line {
    bold: bool,
    size: u32,
    text: String,
}

/// The production order: the order's lines, the drawings list and the requirements.
pub fn production_order(d: &OrderDetail) -> Vec<u8> {
    let o = &d.order;
    let mut lines = Vec::new();
    let mut push = |bold: bool, size: u32, text: String| lines.push(Line { bold, size, text });
    push(true, 18, format!("Production order {}", o.number));
    push(false, 10, format!("Lead time (ship by): {}", format::date(o.lead_time)));
    push(false, 10, format!("Accepted: {}", format::instant(o.accepted_at)));
    push(false, 10, format!("Order value: {}", o.price.display()));
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
                l.size.display(),
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
    pdf(&lines)
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
    pdf(&lines)
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
fn pdf(lines: &[Line]) -> Vec<u8> {
    let mut pages: Vec<Vec<u8>> = Vec::new();
    let mut content = Vec::new();
    let mut y = PAGE_H - MARGIN;
    for line in lines {
        let step = line.size + line.size / 2;
        if y < MARGIN + step {
            pages.push(std::mem::take(&mut content));
            y = PAGE_H - MARGIN;
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
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {PAGE_W} {PAGE_H}] \
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
        let bytes = pdf(&lines);
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
