//! Code 128 barcodes (code set B) for shipping labels (R-SHP-5): the bars are computed here and
//! drawn as SVG by the label page, so no barcode library or font is needed.

/// The bar and space widths (in modules) of each Code 128 symbol value 0..=105; the stop
/// pattern is separate. Every pattern is three bars and three spaces, 11 modules wide.
const PATTERNS: [&str; 106] = [
    "212222", "222122", "222221", "121223", "121322", "131222", "122213", "122312", "132212", "221213", "221312",
    "231212", "112232", "122132", "122231", "113222", "123122", "123221", "223211", "221132", "221231", "213212",
    "223112", "312131", "311222", "321122", "321221", "312212", "322112", "322211", "212123", "212321", "232121",
    "111323", "131123", "131321", "112313", "132113", "132311", "211313", "231113", "231311", "112133", "112331",
    "132131", "113123", "113321", "133121", "313121", "211331", "231131", "213113", "213311", "213131", "311123",
    "311321", "331121", "312113", "312311", "332111", "314111", "221411", "431111", "111224", "111422", "121124",
    "121421", "141122", "141221", "112214", "112412", "122114", "122411", "142112", "142211", "241211", "221114",
    "413111", "241112", "134111", "111242", "121142", "121241", "114212", "124112", "124211", "411212", "421112",
    "421211", "212141", "214121", "412121", "111143", "111341", "131141", "114113", "114311", "411113", "411311",
    "113141", "114131", "311141", "411131", "211412", "211214", "211232",
];
const STOP: &str = "2331112";
const START_B: usize = 104;

/// The symbol values for `text` in code set B (printable ASCII), with start and check symbols;
/// `None` if a character is outside code set B.
pub fn code128b_values(text: &str) -> Option<Vec<usize>> {
    let mut values = vec![START_B];
    for b in text.bytes() {
        if !(32..=126).contains(&b) {
            return None;
        }
        values.push(usize::from(b - 32));
    }
    let sum: usize = values.iter().enumerate().map(|(i, v)| v * i.max(1)).sum();
    values.push(sum % 103);
    Some(values)
}

/// The module widths of the whole barcode, bar first and alternating bar / space, ending with the
/// stop pattern (quiet zones are the drawing's).
pub fn code128b(text: &str) -> Option<Vec<u8>> {
    let values = code128b_values(text)?;
    let patterns = values.iter().map(|&v| PATTERNS[v]).chain([STOP]);
    Some(patterns.flat_map(|p| p.bytes().map(|b| b - b'0')).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_are_well_formed_and_distinct() {
        for (v, p) in PATTERNS.iter().enumerate() {
            assert_eq!(p.len(), 6, "value {v}");
            assert_eq!(p.bytes().map(|b| u32::from(b - b'0')).sum::<u32>(), 11, "value {v}");
            // Bars (odd positions from 1) always add up to an even number of modules.
            let bars: u32 = p.bytes().step_by(2).map(|b| u32::from(b - b'0')).sum();
            assert_eq!(bars % 2, 0, "value {v}");
        }
        let mut sorted = PATTERNS.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), PATTERNS.len());
    }

    #[test]
    fn r_shp_5_check_symbol_is_the_weighted_sum_mod_103() {
        // "PJJ123C": start B 104 + P 48·1 + J 42·2 + J 42·3 + 1 17·4 + 2 18·5 + 3 19·6 + C 35·7
        // = 104 + 48 + 84 + 126 + 68 + 90 + 114 + 245 = 879; 879 mod 103 = 55.
        let values = code128b_values("PJJ123C").unwrap();
        assert_eq!(values.first(), Some(&104));
        assert_eq!(values.last(), Some(&55));
        assert!(code128b_values("naïve").is_none());
    }

    #[test]
    fn r_shp_5_barcode_width_is_eleven_modules_a_symbol_plus_stop() {
        let text = "SHP-000042";
        let modules = code128b(text).unwrap();
        // start + 10 characters + check = 12 symbols of 11 modules, and a 13-module stop.
        assert_eq!(modules.iter().map(|&m| u32::from(m)).sum::<u32>(), 12 * 11 + 13);
        assert_eq!(&modules[..6], &[2, 1, 1, 2, 1, 4], "starts with Start B");
        assert_eq!(modules.len() % 2, 1, "ends on a bar");
    }
}
