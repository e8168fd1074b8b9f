//! The capabilities form's machines (R-JOB-1): sizes typed in millimetres.

/// A machine's size along one axis, typed in millimetres: the trimmed text as a whole number, or
/// 0 when it is empty or not one. 0 is never a valid size, so the capability checks
/// (`capability::validate_capabilities`) name the field then.
pub fn parse_size_mm(text: &str) -> u32 {
    text.trim().parse().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn r_job_1_sizes_in_whole_millimetres_else_0() {
        assert_eq!(parse_size_mm("400"), 400);
        assert_eq!(parse_size_mm("  250 "), 250, "trimmed");
        assert_eq!(parse_size_mm("+12"), 12, "as Rust reads a number");
        for bad in ["", "   ", "12.5", "-3", "12 mm", "4294967296", "abc"] {
            assert_eq!(parse_size_mm(bad), 0, "{bad:?}");
        }
    }
}
