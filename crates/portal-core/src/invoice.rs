//! Invoices (R-INV-2, R-INV-4, R-INV-5): bank details checked by their check digits, line totals
//! rounded to the currency's minor unit and summed, and the payment date of an invoice.
//! Integers only: no float anywhere.

use chrono::{Datelike, NaiveDate};

use crate::Currency;
use crate::api::{BankDetailsInput, FieldError};

/// The length of an IBAN per country (ISO 13616 registry), for the countries partners bank in.
const IBAN_LENGTHS: &[(&str, usize)] = &[
    ("AD", 24),
    ("AT", 20),
    ("BE", 16),
    ("BG", 22),
    ("CH", 21),
    ("CY", 28),
    ("CZ", 24),
    ("DE", 22),
    ("DK", 18),
    ("EE", 20),
    ("ES", 24),
    ("FI", 18),
    ("FR", 27),
    ("GB", 22),
    ("GR", 27),
    ("HR", 21),
    ("HU", 28),
    ("IE", 22),
    ("IS", 26),
    ("IT", 27),
    ("LI", 21),
    ("LT", 20),
    ("LU", 20),
    ("LV", 21),
    ("MC", 27),
    ("MT", 31),
    ("NL", 18),
    ("NO", 15),
    ("PL", 28),
    ("PT", 25),
    ("RO", 24),
    ("SE", 24),
    ("SI", 19),
    ("SK", 24),
    ("SM", 27),
];

/// Letters and digits only, upper case: how partners type IBANs (`de89 3704 0044 ...`).
pub fn normalise(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace() && *c != '-').flat_map(char::to_uppercase).collect()
}

/// R-INV-2: an IBAN, normalised, or what is wrong with it in words for the field.
pub fn check_iban(text: &str) -> Result<String, String> {
    let iban = normalise(text);
    if iban.is_empty() {
        return Err("Enter the IBAN.".to_owned());
    }
    if !iban.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err("An IBAN has only letters and digits.".to_owned());
    }
    let country = iban.get(..2).unwrap_or_default();
    let Some(&(_, length)) = IBAN_LENGTHS.iter().find(|(c, _)| *c == country) else {
        return Err(format!("“{country}” is not a country we pay IBANs in; start with the country code, like DE."));
    };
    if iban.len() != length {
        return Err(format!("A {country} IBAN has {length} characters; this one has {}.", iban.len()));
    }
    if !iban[2..4].chars().all(|c| c.is_ascii_digit()) {
        return Err("The 3rd and 4th characters of an IBAN are its check digits.".to_owned());
    }
    // ISO 7064 mod 97-10 on the IBAN with its first four characters moved to the end, letters
    // as 10..35, computed piecewise so no big integers are needed.
    let rearranged = iban[4..].chars().chain(iban[..4].chars());
    let mut rest: u32 = 0;
    for c in rearranged {
        let value = c.to_digit(36).unwrap_or(0);
        rest = if value >= 10 { (rest * 100 + value) % 97 } else { (rest * 10 + value) % 97 };
    }
    if rest != 1 {
        return Err("This IBAN's check digits do not match: check it for a typo.".to_owned());
    }
    Ok(iban)
}

/// R-INV-2: a BIC (SWIFT code): 4 letters (bank), 2 letters (country), 2 letters or digits
/// (location), optionally 3 more (branch).
pub fn check_bic(text: &str) -> Result<String, String> {
    let bic = normalise(text);
    let ok = bic.is_ascii()
        && matches!(bic.len(), 8 | 11)
        && bic[..6].chars().all(|c| c.is_ascii_uppercase())
        && bic[6..].chars().all(|c| c.is_ascii_alphanumeric());
    if ok { Ok(bic) } else { Err("A BIC has 8 or 11 characters, like DEUTDEFF or DEUTDEFF500.".to_owned()) }
}

/// R-INV-2: an ABA routing number: 9 digits whose weighted sum (3, 7, 1, repeated) is a multiple
/// of 10.
pub fn check_aba(text: &str) -> Result<String, String> {
    let aba = normalise(text);
    if aba.len() != 9 || !aba.chars().all(|c| c.is_ascii_digit()) {
        return Err("An ABA routing number has 9 digits.".to_owned());
    }
    let sum: u32 = aba.chars().filter_map(|c| c.to_digit(10)).zip([3, 7, 1].iter().cycle()).map(|(d, w)| d * w).sum();
    if !sum.is_multiple_of(10) {
        return Err("This routing number's check digit does not match: check it for a typo.".to_owned());
    }
    Ok(aba)
}

/// R-INV-2: a US account number: 4 to 17 digits.
pub fn check_account_number(text: &str) -> Result<String, String> {
    let n = normalise(text);
    if (4..=17).contains(&n.len()) && n.chars().all(|c| c.is_ascii_digit()) {
        Ok(n)
    } else {
        Err("An account number has 4 to 17 digits.".to_owned())
    }
}

/// Unit prices may carry three more decimals than the currency (`1/1000` of a cent).
pub const UNIT_PRICE_SCALE: i64 = 1000;

/// R-INV-1..5: what the invoice wizard and the server check, in the partner's words (shown in the
/// wizard, so the rules are read before they refuse anything).
pub const INVOICING_RULES: [&str; 6] = [
    "Only parts that have left your shop (picked up) and are not on an invoice yet can be invoiced.",
    "Each line is rounded to the cent; the total is the sum of the rounded lines.",
    "Bank details are checked by their check digits: IBAN and BIC for EUR, ABA routing and account number for USD.",
    "The invoice number must be new for your company; the invoice date cannot be in the future.",
    "The signed invoice is uploaded as a PDF (checked by its content, at most 10 MB).",
    "Submitted from the 10th to the 23rd: paid on the 14th of the next month; from the 24th to the 9th: paid on the \
     28th (days on the marketplace's clock). Payments can take up to 48 hours to post.",
];

/// R-INV-4: one line's total in minor units: quantity × unit price (in thousandths of the minor
/// unit), rounded half away from zero to the minor unit.
pub fn line_total(quantity: u32, unit_price_milli: i64) -> i64 {
    let exact = i128::from(quantity) * i128::from(unit_price_milli);
    let scale = i128::from(UNIT_PRICE_SCALE);
    let rounded = if exact >= 0 { (2 * exact + scale) / (2 * scale) } else { -((-2 * exact + scale) / (2 * scale)) };
    i64::try_from(rounded).unwrap_or(i64::MAX)
}

/// R-INV-4: the invoice total: the sum of the rounded lines, never rounded again.
pub fn invoice_total(lines: &[(u32, i64)]) -> i64 {
    lines.iter().map(|&(q, unit)| line_total(q, unit)).sum()
}

/// R-INV-5 (decision): submitted on the 10th to the 23rd, paid on the 14th of the next month;
/// from the 24th to the 9th of the next month, paid on the 28th of that next month.
pub fn payment_date(submitted: NaiveDate) -> NaiveDate {
    let (year, month) = (submitted.year(), submitted.month());
    let next = |y: i32, m: u32| if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    let (y, m, day) = match submitted.day() {
        1..=9 => (year, month, 28),
        10..=23 => {
            let (y, m) = next(year, month);
            (y, m, 14)
        }
        _ => {
            let (y, m) = next(year, month);
            (y, m, 28)
        }
    };
    NaiveDate::from_ymd_opt(y, m, day).unwrap_or(submitted)
}

/// R-INV-4: an order line's unit price in thousandths of the minor unit, from the line's total and
/// quantity (rounded half up), so invoicing all of a line's parts gives back its total.
pub fn unit_price_milli(line_total_minor: i64, quantity: u32) -> i64 {
    if quantity == 0 {
        return 0;
    }
    let exact = i128::from(line_total_minor) * i128::from(UNIT_PRICE_SCALE);
    let q = i128::from(quantity);
    i64::try_from((2 * exact + q) / (2 * q)).unwrap_or(i64::MAX)
}

/// A unit price as partners read it: `$3.33333`, `€12.50`: two decimals, more when it has them.
pub fn unit_price_text(unit_price_milli: i64, currency: Currency) -> String {
    let per_major = currency.minor_per_major() * UNIT_PRICE_SCALE;
    let abs = unit_price_milli.unsigned_abs();
    let major = abs / per_major as u64;
    let frac = format!("{:05}", abs % per_major as u64);
    let trimmed = frac.trim_end_matches('0');
    let frac = if trimmed.len() < 2 { &frac[..2] } else { trimmed };
    let sign = if unit_price_milli < 0 { "-" } else { "" };
    format!("{sign}{}{}.{frac}", currency.symbol(), crate::format::group_thousands(major))
}

/// R-INV-2: bank details as the server keeps them, checked and normalised.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BankAccount {
    Eur { holder: String, iban: String, bic: String },
    Usd { holder: String, routing_number: String, account_number: String },
}

/// The longest account holder name.
pub const HOLDER_MAX_CHARS: usize = 70;

impl BankAccount {
    pub fn currency(&self) -> Currency {
        match self {
            BankAccount::Eur { .. } => Currency::Eur,
            BankAccount::Usd { .. } => Currency::Usd,
        }
    }

    pub fn holder(&self) -> &str {
        match self {
            BankAccount::Eur { holder, .. } | BankAccount::Usd { holder, .. } => holder,
        }
    }

    /// The account, masked as it is shown: `DE•• •••• 3000` or `•••• 6789`.
    pub fn masked_account(&self) -> String {
        match self {
            BankAccount::Eur { iban, .. } => format!("{}•• •••• {}", &iban[..2], last4(iban)),
            BankAccount::Usd { account_number, .. } => format!("•••• {}", last4(account_number)),
        }
    }

    /// The bank's code: the BIC or the routing number (public, shown in full).
    pub fn bank_code(&self) -> &str {
        match self {
            BankAccount::Eur { bic, .. } => bic,
            BankAccount::Usd { routing_number, .. } => routing_number,
        }
    }

    /// The account number or IBAN (kept on the server only).
    pub fn account(&self) -> &str {
        match self {
            BankAccount::Eur { iban, .. } => iban,
            BankAccount::Usd { account_number, .. } => account_number,
        }
    }

    /// R-INV-2: checks typed bank details for `currency`; every wrong field is named
    /// (`bank.iban`, `bank.bic`, `bank.routing_number`, `bank.account_number`, `bank.holder`).
    pub fn check(input: &BankDetailsInput) -> Result<BankAccount, Vec<FieldError>> {
        let mut errors = Vec::new();
        let holder = input.holder.split_whitespace().collect::<Vec<_>>().join(" ");
        if holder.is_empty() {
            errors.push(FieldError::new(
                "bank.holder",
                "required",
                "Enter the account holder: your company's name as the bank has it.",
            ));
        } else if holder.chars().count() > HOLDER_MAX_CHARS {
            errors.push(FieldError::new(
                "bank.holder",
                "too_long",
                format!("Shorten the account holder to {HOLDER_MAX_CHARS} characters."),
            ));
        }
        let mut field = |name: &str, checked: Result<String, String>| match checked {
            Ok(v) => v,
            Err(message) => {
                errors.push(FieldError::new(name, "invalid", message));
                String::new()
            }
        };
        let account = match input.currency {
            Currency::Eur => BankAccount::Eur {
                holder,
                iban: field("bank.iban", check_iban(&input.iban)),
                bic: field("bank.bic", check_bic(&input.bic)),
            },
            Currency::Usd => BankAccount::Usd {
                holder,
                routing_number: field("bank.routing_number", check_aba(&input.routing_number)),
                account_number: field("bank.account_number", check_account_number(&input.account_number)),
            },
        };
        if errors.is_empty() { Ok(account) } else { Err(errors) }
    }
}

/// The last digits shown of an account: 4, or half of a short account (so a 4-digit account
/// shows 2 and is never shown whole).
fn last4(s: &str) -> &str {
    let shown = 4.min(s.len() / 2);
    &s[s.len() - shown..]
}

/// The longest invoice number.
pub const INVOICE_NUMBER_MAX_CHARS: usize = 32;

/// R-INV-2: an invoice number as the partner's own bookkeeping writes it: letters, digits and
/// `- / . _`, trimmed, up to 32 characters. Unique per partner (the server checks that).
pub fn check_invoice_number(text: &str) -> Result<String, FieldError> {
    let number = text.trim();
    if number.is_empty() {
        return Err(FieldError::new(
            "invoice_number",
            "required",
            "Enter your invoice number, as it is on the signed invoice.",
        ));
    }
    if number.chars().count() > INVOICE_NUMBER_MAX_CHARS {
        return Err(FieldError::new(
            "invoice_number",
            "too_long",
            format!("An invoice number has at most {INVOICE_NUMBER_MAX_CHARS} characters."),
        ));
    }
    if !number.chars().all(|c| c.is_ascii_alphanumeric() || "-/._ ".contains(c)) {
        return Err(FieldError::new(
            "invoice_number",
            "invalid",
            "Use letters, digits and - / . _ only, like INV-2026-0042.",
        ));
    }
    Ok(number.to_owned())
}

/// R-INV-2: the invoice date (`YYYY-MM-DD`), not after today.
pub fn check_invoice_date(text: &str, today: NaiveDate) -> Result<NaiveDate, FieldError> {
    let Ok(date) = NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d") else {
        return Err(FieldError::new("invoice_date", "invalid", "Enter the invoice date, like 2026-11-20."));
    };
    if date > today {
        return Err(FieldError::new(
            "invoice_date",
            "in_future",
            format!(
                "The invoice date cannot be after today ({}): use the date on the signed invoice.",
                crate::format::date(today)
            ),
        ));
    }
    Ok(date)
}

/// R-INV-5: the days whose submissions are paid on `payment_date` (a 14th or a 28th):
/// the 10th to the 23rd of the month before for a 14th, the 24th of the month before to the 9th
/// for a 28th.
pub fn submission_window(payment_date: NaiveDate) -> (NaiveDate, NaiveDate) {
    let (y, m) = (payment_date.year(), payment_date.month());
    let (py, pm) = if m == 1 { (y - 1, 12) } else { (y, m - 1) };
    let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap_or(payment_date);
    if payment_date.day() <= 14 { (day(py, pm, 10), day(py, pm, 23)) } else { (day(py, pm, 24), day(y, m, 9)) }
}

/// R-INV-5: the next `count` payment days (14th and 28th) from `today` on, today included.
pub fn next_payment_dates(today: NaiveDate, count: usize) -> Vec<NaiveDate> {
    let mut dates = Vec::with_capacity(count);
    let (mut y, mut m) = (today.year(), today.month());
    while dates.len() < count {
        for d in [14, 28] {
            if let Some(date) = NaiveDate::from_ymd_opt(y, m, d).filter(|date| *date >= today)
                && dates.len() < count
            {
                dates.push(date);
            }
        }
        (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    }
    dates
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn r_inv_2_ibans_from_several_countries() {
        for (typed, expected) in [
            ("DE89 3704 0044 0532 0130 00", "DE89370400440532013000"),
            ("gb82 west 1234 5698 7654 32", "GB82WEST12345698765432"),
            ("FR1420041010050500013M02606", "FR1420041010050500013M02606"),
            ("NL91ABNA0417164300", "NL91ABNA0417164300"),
            ("BE68 5390 0754 7034", "BE68539007547034"),
            ("CH93 0076 2011 6238 5295 7", "CH9300762011623852957"),
            ("NO93 8601 1117 947", "NO9386011117947"),
            ("MT84 MALT 0110 0001 2345 MTLC AST0 01S", "MT84MALT011000012345MTLCAST001S"),
        ] {
            assert_eq!(check_iban(typed).as_deref(), Ok(expected), "{typed}");
        }
        assert!(check_iban("DE88 3704 0044 0532 0130 00").unwrap_err().contains("check digits"));
        assert!(check_iban("DE89 3704 0044 0532 0130 0").unwrap_err().contains("22 characters; this one has 21"));
        assert!(check_iban("XX89370400440532013000").unwrap_err().contains("country"));
        assert!(check_iban("").is_err());
        assert!(check_iban("DE89-3704-0044-0532-0130-00").is_ok(), "dashes are spacing");
    }

    #[test]
    fn r_inv_2_bic_aba_and_account_numbers() {
        assert_eq!(check_bic("deutdeff").as_deref(), Ok("DEUTDEFF"));
        assert_eq!(check_bic("DEUTDEFF500").as_deref(), Ok("DEUTDEFF500"));
        assert!(check_bic("DEUT1EFF").is_err());
        assert!(check_bic("DEUTDEF").is_err());
        assert!(check_bic("DEUTDÄF").is_err(), "8 bytes but not ASCII: refused, not a panic");
        // Real routing numbers (Federal Reserve E-Payments directory).
        for aba in ["011000015", "021000021", "111000025", "122105278"] {
            assert_eq!(check_aba(aba).as_deref(), Ok(aba));
        }
        assert!(check_aba("021000022").unwrap_err().contains("check digit"));
        assert!(check_aba("02100002").unwrap_err().contains("9 digits"));
        assert_eq!(check_account_number("0012 3456 789").as_deref(), Ok("00123456789"));
        assert!(check_account_number("123").is_err());
    }

    #[test]
    fn r_inv_4_lines_are_rounded_then_summed() {
        assert_eq!(line_total(3, 333_333), 1_000, "3 × 333.333 = 999.999 → 1000");
        assert_eq!(line_total(1, 500), 1, "0.5 rounds half up");
        assert_eq!(line_total(1, 499), 0);
        assert_eq!(invoice_total(&[(3, 333_333), (1, 500), (1, 500)]), 1_002, "lines round first: 1000 + 1 + 1");
    }

    #[test]
    fn r_inv_5_payment_dates_on_every_boundary_day() {
        for (submitted, paid) in [
            ("2026-11-01", "2026-11-28"),
            ("2026-11-09", "2026-11-28"),
            ("2026-11-10", "2026-12-14"),
            ("2026-11-23", "2026-12-14"),
            ("2026-11-24", "2026-12-28"),
            ("2026-11-30", "2026-12-28"),
            ("2026-12-10", "2027-01-14"),
            ("2026-12-23", "2027-01-14"),
            ("2026-12-24", "2027-01-28"),
            ("2026-12-31", "2027-01-28"),
            ("2027-01-09", "2027-01-28"),
            ("2027-01-31", "2027-02-28"),
            ("2028-01-31", "2028-02-28"),
            ("2028-02-29", "2028-03-28"),
            ("2028-02-09", "2028-02-28"),
        ] {
            assert_eq!(payment_date(d(submitted)), d(paid), "submitted {submitted}");
        }
    }

    #[test]
    fn r_inv_4_unit_price_from_a_line_that_does_not_divide() {
        let unit = unit_price_milli(1_000, 3);
        assert_eq!(unit, 333_333, "$10.00 for 3 parts: 333.333 cents each");
        assert_eq!(line_total(1, unit) + line_total(2, unit), 1_000, "invoiced 1 then 2: 333 + 667");
        assert_eq!(line_total(3, unit), 1_000, "all at once");
        assert_eq!(unit_price_milli(2_000, 3), 666_667, "half up");
        assert_eq!(unit_price_milli(1_000, 0), 0);
    }

    #[test]
    fn r_inv_4_unit_prices_as_partners_read_them() {
        assert_eq!(unit_price_text(65_265, Currency::Usd), "$0.65265");
        assert_eq!(unit_price_text(1_250_000, Currency::Usd), "$12.50");
        assert_eq!(unit_price_text(123_400_000, Currency::Eur), "€1,234.00");
        assert_eq!(unit_price_text(333_333, Currency::Usd), "$3.33333");
    }

    fn eur(holder: &str, iban: &str, bic: &str) -> BankDetailsInput {
        BankDetailsInput {
            currency: Currency::Eur,
            holder: holder.to_owned(),
            iban: iban.to_owned(),
            bic: bic.to_owned(),
            routing_number: String::new(),
            account_number: String::new(),
            password: String::new(),
        }
    }

    fn usd(routing: &str, account: &str) -> BankDetailsInput {
        BankDetailsInput {
            currency: Currency::Usd,
            holder: "Acme Machining LLC".to_owned(),
            iban: String::new(),
            bic: String::new(),
            routing_number: routing.to_owned(),
            account_number: account.to_owned(),
            password: String::new(),
        }
    }

    fn fields(errors: &[FieldError]) -> Vec<&str> {
        errors.iter().map(|e| e.field.as_str()).collect()
    }

    #[test]
    fn r_inv_2_eur_bank_details_are_normalised_or_name_the_wrong_field() {
        let account = BankAccount::check(&eur("  Acme   GmbH ", "de89 3704 0044 0532 0130 00", "deutdeff")).unwrap();
        assert_eq!(
            account,
            BankAccount::Eur {
                holder: "Acme GmbH".to_owned(),
                iban: "DE89370400440532013000".to_owned(),
                bic: "DEUTDEFF".to_owned()
            }
        );
        assert_eq!(account.currency(), Currency::Eur);
        assert_eq!(account.bank_code(), "DEUTDEFF");
        let wrong_check = BankAccount::check(&eur("Acme", "DE88 3704 0044 0532 0130 00", "DEUTDEFF")).unwrap_err();
        assert_eq!(fields(&wrong_check), ["bank.iban"]);
        assert!(wrong_check[0].message.contains("check digits"), "{}", wrong_check[0].message);
        let short = BankAccount::check(&eur("Acme", "DE89 3704 0044 0532 0130 0", "DEUTDEFF")).unwrap_err();
        assert_eq!(fields(&short), ["bank.iban"]);
        assert!(short[0].message.contains("22 characters"), "{}", short[0].message);
        assert_eq!(
            fields(&BankAccount::check(&eur("Acme", "DE89370400440532013000", "DEUT")).unwrap_err()),
            ["bank.bic"]
        );
        let empty_holder = BankAccount::check(&eur("   ", "DE89370400440532013000", "DEUTDEFF")).unwrap_err();
        assert_eq!(fields(&empty_holder), ["bank.holder"]);
        assert_eq!(empty_holder[0].code, "required");
        let too_long = BankAccount::check(&eur(&"x".repeat(71), "DE89370400440532013000", "DEUTDEFF")).unwrap_err();
        assert_eq!((fields(&too_long), too_long[0].code.as_str()), (vec!["bank.holder"], "too_long"));
        let all = BankAccount::check(&eur("", "", "")).unwrap_err();
        assert_eq!(fields(&all), ["bank.holder", "bank.iban", "bank.bic"], "every wrong field is named");
    }

    #[test]
    fn r_inv_2_usd_bank_details_check_the_aba_routing_number() {
        let account = BankAccount::check(&usd("021 000 021", "0012 3456 789")).unwrap();
        assert_eq!(
            account,
            BankAccount::Usd {
                holder: "Acme Machining LLC".to_owned(),
                routing_number: "021000021".to_owned(),
                account_number: "00123456789".to_owned()
            }
        );
        assert_eq!(account.currency(), Currency::Usd);
        assert_eq!(fields(&BankAccount::check(&usd("021000022", "123456789")).unwrap_err()), ["bank.routing_number"]);
        assert_eq!(fields(&BankAccount::check(&usd("021000021", "12")).unwrap_err()), ["bank.account_number"]);
        // An EUR field typed on a USD account is not looked at.
        let mut input = usd("021000021", "123456789");
        input.iban = "garbage".to_owned();
        assert!(BankAccount::check(&input).is_ok());
    }

    #[test]
    fn r_inv_2_a_short_account_is_never_shown_whole() {
        let short = BankAccount::Usd {
            holder: "Shop".to_owned(),
            routing_number: "021000021".to_owned(),
            account_number: "1234".to_owned(),
        };
        assert_eq!(short.masked_account(), "•••• 34");
    }

    #[test]
    fn r_inv_2_the_account_is_masked_to_its_last_4() {
        let eur = BankAccount::check(&eur("Acme", "DE89370400440532013000", "DEUTDEFF")).unwrap();
        assert_eq!(eur.masked_account(), "DE•• •••• 3000");
        assert!(!eur.masked_account().contains("370400440532"));
        let usd = BankAccount::check(&usd("021000021", "123456789")).unwrap();
        assert_eq!(usd.masked_account(), "•••• 6789");
        assert!(!usd.masked_account().contains("12345"));
        assert_eq!(usd.account(), "123456789", "kept in full on the server");
    }

    #[test]
    fn r_inv_2_invoice_numbers() {
        assert_eq!(check_invoice_number("  INV-2026/0042_a.1 ").as_deref().ok(), Some("INV-2026/0042_a.1"));
        assert_eq!(check_invoice_number("   ").unwrap_err().code, "required");
        assert_eq!(check_invoice_number("").unwrap_err().field, "invoice_number");
        assert!(check_invoice_number(&"1".repeat(32)).is_ok());
        assert_eq!(check_invoice_number(&"1".repeat(33)).unwrap_err().code, "too_long");
        for bad in ["INV#1", "<script>", "INV;1", "Rechnung-Nr-ä"] {
            assert_eq!(check_invoice_number(bad).unwrap_err().code, "invalid", "{bad}");
        }
    }

    #[test]
    fn r_inv_2_invoice_date_not_after_today() {
        let today = d("2026-11-20");
        assert_eq!(check_invoice_date("2026-11-20", today).ok(), Some(today));
        assert_eq!(check_invoice_date(" 2026-10-01 ", today).ok(), Some(d("2026-10-01")));
        let tomorrow = check_invoice_date("2026-11-21", today).unwrap_err();
        assert_eq!((tomorrow.field.as_str(), tomorrow.code.as_str()), ("invoice_date", "in_future"));
        assert!(tomorrow.message.contains("Fri 20 Nov 2026"), "{}", tomorrow.message);
        for garbage in ["", "20.11.2026", "2026-02-30", "tomorrow"] {
            assert_eq!(check_invoice_date(garbage, today).unwrap_err().code, "invalid", "{garbage}");
        }
    }

    #[test]
    fn r_inv_5_submission_windows_of_the_14th_and_the_28th() {
        assert_eq!(submission_window(d("2026-12-14")), (d("2026-11-10"), d("2026-11-23")));
        assert_eq!(submission_window(d("2026-12-28")), (d("2026-11-24"), d("2026-12-09")));
        assert_eq!(submission_window(d("2027-01-14")), (d("2026-12-10"), d("2026-12-23")), "the year before");
        assert_eq!(submission_window(d("2027-01-28")), (d("2026-12-24"), d("2027-01-09")), "across the new year");
        assert_eq!(submission_window(d("2028-03-28")), (d("2028-02-24"), d("2028-03-09")));
    }

    #[test]
    fn r_inv_5_next_payment_dates() {
        assert_eq!(
            next_payment_dates(d("2026-11-14"), 4),
            [d("2026-11-14"), d("2026-11-28"), d("2026-12-14"), d("2026-12-28")],
            "the 14th itself is included"
        );
        assert_eq!(
            next_payment_dates(d("2026-11-15"), 4),
            [d("2026-11-28"), d("2026-12-14"), d("2026-12-28"), d("2027-01-14")]
        );
        assert_eq!(
            next_payment_dates(d("2026-12-29"), 4),
            [d("2027-01-14"), d("2027-01-28"), d("2027-02-14"), d("2027-02-28")]
        );
        assert_eq!(next_payment_dates(d("2026-12-29"), 1), [d("2027-01-14")]);
        assert!(next_payment_dates(d("2026-12-29"), 0).is_empty());
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn r_inv_4_the_total_is_the_sum_of_the_rounded_lines(lines in proptest::collection::vec((1u32..10_000, 0i64..100_000_000), 0..40)) {
            let total = invoice_total(&lines);
            prop_assert_eq!(total, lines.iter().map(|&(q, u)| line_total(q, u)).sum::<i64>());
            for &(q, u) in &lines {
                // Each line is within half a minor unit of the exact product.
                let exact = i128::from(q) * i128::from(u);
                prop_assert!((i128::from(line_total(q, u)) * 1000 - exact).abs() <= 500);
            }
        }

        #[test]
        fn r_inv_5_payment_is_after_submission_and_on_the_14th_or_28th(days in 0i64..4000) {
            let submitted = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + chrono::Duration::days(days);
            let paid = payment_date(submitted);
            prop_assert!(paid > submitted);
            prop_assert!(paid.day() == 14 || paid.day() == 28);
            prop_assert!((paid - submitted).num_days() <= 66);
        }

        #[test]
        fn r_inv_5_payment_date_is_a_coming_payment_day_whose_window_holds_the_submission(days in 0i64..4000) {
            let submitted = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + chrono::Duration::days(days);
            let paid = payment_date(submitted);
            prop_assert!(next_payment_dates(submitted + chrono::Duration::days(1), 4).contains(&paid));
            let (from, until) = submission_window(paid);
            prop_assert!(from <= submitted && submitted <= until, "{} not in {}..{} of {}", submitted, from, until, paid);
        }
    }
}
