//! R-INV-2: bank details, checked by their check digits (IBAN and BIC for EUR, ABA routing and
//! account number for USD), kept normalised on the server and shown back masked.

use chrono::{DateTime, Utc};

use crate::Currency;
use crate::api::{BankDetails, BankDetailsInput};
use crate::problem::FieldError;

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

impl BankDetails {
    pub fn of(account: &BankAccount, updated_at: DateTime<Utc>) -> BankDetails {
        BankDetails {
            currency: account.currency(),
            holder: account.holder().to_owned(),
            account_masked: account.masked_account(),
            bank_code: account.bank_code().to_owned(),
            updated_at,
        }
    }
}

/// R-INV-2: bank details to save: checked by their check digits, and with the login password
/// when some are on file already (new ones redirect payments). The server verifies the password.
pub fn check_bank_details(input: &BankDetailsInput, password_needed: bool) -> Result<BankAccount, Vec<FieldError>> {
    let checked = BankAccount::check(input);
    let mut errors = checked.as_ref().err().cloned().unwrap_or_default();
    if password_needed && input.password.is_empty() {
        errors.push(FieldError::new(
            "password",
            "required",
            "Enter your login password to change where your payments go.",
        ));
    }
    if errors.is_empty() { checked } else { Err(errors) }
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
