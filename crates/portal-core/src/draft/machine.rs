//! A machine's work envelope as typed on the settings page (R-ACC-2).

/// A size typed in whole millimetres; empty or not a whole number is 0, which the capabilities'
/// check then names ("Enter the size in millimetres").
pub fn parse_size_mm(text: &str) -> u32 {
    text.trim().parse().unwrap_or(0)
}

/// The size as the field shows it: empty for 0, so a new machine's fields start blank.
pub fn size_text(mm: u32) -> String {
    if mm == 0 { String::new() } else { mm.to_string() }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::capability::{Capabilities, Dimensions, Machine, Process, validate_capabilities};

    #[test]
    fn r_acc_2_sizes_parse_as_whole_millimetres() {
        assert_eq!(parse_size_mm(" 600 "), 600);
        assert_eq!(parse_size_mm(""), 0);
        assert_eq!(parse_size_mm("12.5"), 0);
        assert_eq!(parse_size_mm("-3"), 0);
        assert_eq!(parse_size_mm("abc"), 0);
        assert_eq!(size_text(0), "");
        assert_eq!(size_text(450), "450");
    }

    #[test]
    fn r_acc_2_a_size_that_did_not_parse_is_named_by_the_capabilities_check() {
        let caps = Capabilities {
            processes: vec![Process::CncMilling],
            machines: vec![Machine {
                name: "Haas VF-2".into(),
                process: Process::CncMilling,
                envelope: Dimensions::new(parse_size_mm("762"), parse_size_mm("abc"), parse_size_mm("508")),
            }],
            ..Capabilities::default()
        };
        let errors = validate_capabilities(&caps);
        assert!(errors.iter().any(|e| e.field == "machines[0].envelope.y_mm"), "{errors:?}");
    }
}
