//! Uploads (R-ORD-5, R-SHP-2): what a file is, judged by its content and never by its name.

use crate::capability::labelled_enum;

labelled_enum!(
    /// The kinds of file the portal takes, by content. The slug is the media type.
    FileKind {
        Pdf => ("application/pdf", "PDF"),
        Jpeg => ("image/jpeg", "JPEG"),
        Png => ("image/png", "PNG"),
    }
);

labelled_enum!(
    /// What an upload is for.
    Purpose {
        QcReport => ("qc_report", "QC report"),
        QcPhoto => ("qc_photo", "Part photo"),
        PackagePhoto => ("package_photo", "Package photo"),
        Invoice => ("invoice", "Signed invoice"),
        ClaimPhoto => ("claim_photo", "Photo of damaged or wrong goods"),
        TaxCertificate => ("tax_certificate", "Tax exemption certificate"),
    }
);

/// The largest file the portal takes: 10 MB (R-SHP-2).
pub const UPLOAD_MAX_BYTES: u64 = 10 * 1024 * 1024;

/// Reads the kind of a file from its first bytes (magic numbers); `None` for anything else.
pub fn sniff(head: &[u8]) -> Option<FileKind> {
    if head.starts_with(b"%PDF-") {
        Some(FileKind::Pdf)
    } else if head.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(FileKind::Jpeg)
    } else if head.starts_with(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A]) {
        Some(FileKind::Png)
    } else {
        None
    }
}

impl FileKind {
    pub fn is_image(self) -> bool {
        self != FileKind::Pdf
    }

    /// The file name ending for a download.
    pub fn extension(self) -> &'static str {
        match self {
            FileKind::Pdf => "pdf",
            FileKind::Jpeg => "jpg",
            FileKind::Png => "png",
        }
    }
}

impl Purpose {
    /// The kinds a file for this purpose may be.
    pub fn accepts(self) -> &'static [FileKind] {
        match self {
            Purpose::QcReport | Purpose::Invoice | Purpose::TaxCertificate => &[FileKind::Pdf],
            Purpose::QcPhoto | Purpose::PackagePhoto | Purpose::ClaimPhoto => &[FileKind::Jpeg, FileKind::Png],
        }
    }

    /// The `accept` attribute of the file input.
    pub fn accept_attribute(self) -> &'static str {
        match self {
            Purpose::QcReport | Purpose::Invoice | Purpose::TaxCertificate => "application/pdf,.pdf",
            Purpose::QcPhoto | Purpose::PackagePhoto | Purpose::ClaimPhoto => "image/jpeg,image/png,.jpg,.jpeg,.png",
        }
    }

    fn wanted(self) -> &'static str {
        match self {
            Purpose::QcReport => "a PDF",
            Purpose::Invoice => "the signed invoice as a PDF",
            Purpose::TaxCertificate => "the exemption certificate as a PDF",
            Purpose::QcPhoto | Purpose::PackagePhoto | Purpose::ClaimPhoto => "a JPEG or PNG photo",
        }
    }
}

/// The most pixels a photo may have: 40 megapixels (a 48 MP phone's default 12 or 24 MP photos
/// pass; 30000x30000, a decompression bomb for a tablet showing the thumbnail, does not).
pub const PHOTO_MAX_PIXELS: u64 = 40_000_000;

/// What a partner may upload, on top of each file's 10 MB (issue 16): bytes stored in the last 24
/// hours, bytes stored in all, and upload attempts in ten minutes. The server may be started with
/// other figures; these are the defaults.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Quota {
    pub day_bytes: u64,
    pub total_bytes: u64,
    pub attempts_per_window: u32,
    pub window_secs: u64,
}

impl Quota {
    /// 300 MB a day (30 files of the largest size), 5 GB in all, 60 uploads in 10 minutes (the
    /// photos of a 30-line kit twice over).
    pub const DEFAULT: Quota =
        Quota { day_bytes: 300_000_000, total_bytes: 5_000_000_000, attempts_per_window: 60, window_secs: 600 };
}

labelled_enum!(
    /// What a PDF may not carry: anything a viewer would run or open by itself, or files inside it.
    PdfActive {
        JavaScript => ("javascript", "JavaScript"),
        Launch => ("launch", "an action that starts a program"),
        OpenAction => ("open_action", "an action that runs when it is opened"),
        EmbeddedFile => ("embedded_file", "a file inside it"),
    }
);

/// Why a file is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    Empty,
    TooLarge,
    WrongKind {
        purpose: Purpose,
        found: Option<FileKind>,
    },
    /// Starts like `kind` but does not read as one to its end (truncated, garbage, a header glued
    /// onto something else).
    Damaged {
        kind: FileKind,
    },
    /// Data after the file's end (a second file glued on: a polyglot).
    TrailingData {
        kind: FileKind,
    },
    /// HTML or script inside an image (in a comment, a text chunk or glued on).
    Markup {
        kind: FileKind,
    },
    /// More than `PHOTO_MAX_PIXELS`.
    TooManyPixels {
        width: u32,
        height: u32,
    },
    /// A PDF without a page.
    NoPages,
    /// A PDF that is encrypted (cannot be checked).
    Encrypted,
    /// A PDF with active content.
    Active(PdfActive),
    /// The partner's uploads of the last 24 hours reached `Quota::day_bytes`.
    DayQuota {
        limit_bytes: u64,
    },
    /// The partner's stored files reached `Quota::total_bytes`.
    TotalQuota {
        limit_bytes: u64,
    },
    /// More than `Quota::attempts_per_window` uploads in the window.
    TooOften {
        retry_after_secs: u64,
    },
}

fn megabytes(bytes: u64) -> String {
    if bytes >= 1_000_000_000 {
        format!("{} GB", bytes / 1_000_000_000)
    } else if bytes >= 1_000_000 {
        format!("{} MB", bytes / 1_000_000)
    } else {
        format!("{} KB", bytes.div_ceil(1000))
    }
}

impl Refusal {
    /// The message beside the file field: what is wrong and how to fix it.
    pub fn message(self) -> String {
        match self {
            Refusal::Empty => "This file is empty: choose the file again.".to_owned(),
            Refusal::TooLarge => "This file is larger than 10 MB: choose a smaller one.".to_owned(),
            Refusal::WrongKind { purpose, found: Some(found) } => {
                format!("This file is a {} whatever its name says; upload {}.", found.label(), purpose.wanted())
            }
            Refusal::WrongKind { purpose, found: None } => {
                format!("This file is not {} (its content was checked, not its name).", purpose.wanted())
            }
            Refusal::Damaged { kind } => format!(
                "This file starts like a {0} but is not a readable {0} (damaged, cut short or something else \
                 inside): export or save it again and upload the new file.",
                kind.label()
            ),
            Refusal::TrailingData { kind } => format!(
                "This {0} has other data glued on after its end: save it again as a plain {0} and upload that.",
                kind.label()
            ),
            Refusal::Markup { kind } => format!(
                "This {} contains web page code (HTML or script), which a photo never does: take or export the \
                 photo again.",
                kind.label()
            ),
            Refusal::TooManyPixels { width, height } => format!(
                "This photo is {width} x {height} pixels ({:.1} megapixels); at most {} megapixels are taken: \
                 resize it or take it at a lower resolution.",
                (u64::from(width) * u64::from(height)) as f64 / 1e6,
                PHOTO_MAX_PIXELS / 1_000_000
            ),
            Refusal::NoPages => "This PDF has no pages: export the document again.".to_owned(),
            Refusal::Encrypted => {
                "This PDF is password-protected, so it cannot be checked: save it without a password.".to_owned()
            }
            Refusal::Active(what) => format!(
                "This PDF contains {}, which the portal does not take: print it to a new PDF (\"Save as PDF\") and \
                 upload that.",
                what.label()
            ),
            Refusal::DayQuota { limit_bytes } => format!(
                "You have uploaded {} in the last 24 hours, the most a day: upload this file later, or ask the \
                 marketplace for more.",
                megabytes(limit_bytes)
            ),
            Refusal::TotalQuota { limit_bytes } => format!(
                "Your files take the {} your account may store: ask the marketplace for more room.",
                megabytes(limit_bytes)
            ),
            Refusal::TooOften { retry_after_secs } => format!(
                "Many files were sent in the last few minutes: send this one again in {} minute{}.",
                retry_after_secs.div_ceil(60),
                if retry_after_secs.div_ceil(60) == 1 { "" } else { "s" }
            ),
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Refusal::Empty => "empty",
            Refusal::TooLarge => "too_large",
            Refusal::WrongKind { .. } => "wrong_type",
            Refusal::Damaged { .. } => "damaged",
            Refusal::TrailingData { .. } => "trailing_data",
            Refusal::Markup { .. } => "markup",
            Refusal::TooManyPixels { .. } => "too_many_pixels",
            Refusal::NoPages => "no_pages",
            Refusal::Encrypted => "encrypted",
            Refusal::Active(what) => what.slug(),
            Refusal::DayQuota { .. } => "day_quota",
            Refusal::TotalQuota { .. } => "total_quota",
            Refusal::TooOften { .. } => "too_often",
        }
    }
}

/// Whether bytes of an image hold markup a browser would run if it ever took the file for a page:
/// HTML tags, script, PHP. Eight or more fixed bytes never occur by chance in a photo.
pub fn contains_markup(bytes: &[u8]) -> bool {
    const NEEDLES: [&[u8]; 8] =
        [b"<script", b"<html", b"<!doctype", b"<body", b"<iframe", b"<svg", b"<?php", b"javascript:"];
    (0..bytes.len())
        .filter(|&i| matches!(bytes[i], b'<' | b'j' | b'J'))
        .any(|i| NEEDLES.iter().any(|n| bytes[i..].get(..n.len()).is_some_and(|w| w.eq_ignore_ascii_case(n))))
}

/// R-ORD-5 / R-SHP-2: checks a file by its size and first bytes against its purpose.
pub fn check(purpose: Purpose, head: &[u8], size: u64) -> Result<FileKind, Refusal> {
    if size == 0 {
        return Err(Refusal::Empty);
    }
    if size > UPLOAD_MAX_BYTES {
        return Err(Refusal::TooLarge);
    }
    let found = sniff(head);
    match found {
        Some(kind) if purpose.accepts().contains(&kind) => Ok(kind),
        _ => Err(Refusal::WrongKind { purpose, found }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PNG: &[u8] = &[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0];

    #[test]
    fn r_ord_5_files_are_judged_by_content() {
        assert_eq!(check(Purpose::QcReport, b"%PDF-1.7\n", 9), Ok(FileKind::Pdf));
        // A PNG named report.pdf is still a PNG.
        let png_as_pdf = check(Purpose::QcReport, PNG, 10).unwrap_err();
        assert!(png_as_pdf.message().contains("PNG"), "{}", png_as_pdf.message());
        // An HTML page named photo.jpg is no photo.
        let html = check(Purpose::QcPhoto, b"<!doctype html><script>", 23).unwrap_err();
        assert_eq!(html, Refusal::WrongKind { purpose: Purpose::QcPhoto, found: None });
        assert_eq!(check(Purpose::QcPhoto, &[0xFF, 0xD8, 0xFF, 0xE0], 4), Ok(FileKind::Jpeg));
        assert_eq!(check(Purpose::PackagePhoto, PNG, 10), Ok(FileKind::Png));
    }

    #[test]
    fn r_shp_2_size_limits_at_the_edges() {
        assert_eq!(check(Purpose::QcPhoto, PNG, 0), Err(Refusal::Empty));
        assert_eq!(check(Purpose::QcPhoto, PNG, UPLOAD_MAX_BYTES), Ok(FileKind::Png));
        assert_eq!(check(Purpose::QcPhoto, PNG, UPLOAD_MAX_BYTES + 1), Err(Refusal::TooLarge));
        assert!(Refusal::TooLarge.message().contains("10 MB"));
    }

    #[test]
    fn r_ord_5_markup_is_found_anywhere_in_an_image() {
        assert!(contains_markup(b"\xff\xd8\xff\xfe\x00\x10<SCRIPT>alert(1)"));
        assert!(contains_markup(b"IEND\xaeB`\x82<!DOCTYPE html>"));
        assert!(contains_markup(b"<svg"));
        assert!(!contains_markup(b"\x89PNG\r\n\x1a\n<scrip"));
        assert!(!contains_markup(&[0u8; 64]));
    }

    #[test]
    fn r_ord_5_every_refusal_names_its_problem() {
        let pixels = Refusal::TooManyPixels { width: 30000, height: 30000 };
        assert!(
            pixels.message().contains("900.0 megapixels") && pixels.message().contains("40"),
            "{}",
            pixels.message()
        );
        assert!(Refusal::Active(PdfActive::JavaScript).message().contains("JavaScript"));
        assert_eq!(Refusal::Active(PdfActive::EmbeddedFile).code(), "embedded_file");
        assert!(Refusal::DayQuota { limit_bytes: 300_000_000 }.message().contains("300 MB"));
        assert!(Refusal::TooOften { retry_after_secs: 61 }.message().contains("2 minutes"));
        assert!(Refusal::TrailingData { kind: FileKind::Png }.message().contains("PNG"));
    }
}
