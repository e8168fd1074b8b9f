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
            Purpose::QcReport | Purpose::Invoice => &[FileKind::Pdf],
            Purpose::QcPhoto | Purpose::PackagePhoto => &[FileKind::Jpeg, FileKind::Png],
        }
    }

    /// The `accept` attribute of the file input.
    pub fn accept_attribute(self) -> &'static str {
        match self {
            Purpose::QcReport | Purpose::Invoice => "application/pdf,.pdf",
            Purpose::QcPhoto | Purpose::PackagePhoto => "image/jpeg,image/png,.jpg,.jpeg,.png",
        }
    }

    fn wanted(self) -> &'static str {
        match self {
            Purpose::QcReport => "a PDF",
            Purpose::Invoice => "the signed invoice as a PDF",
            Purpose::QcPhoto | Purpose::PackagePhoto => "a JPEG or PNG photo",
        }
    }
}

/// Why a file is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    Empty,
    TooLarge,
    WrongKind { purpose: Purpose, found: Option<FileKind> },
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
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Refusal::Empty => "empty",
            Refusal::TooLarge => "too_large",
            Refusal::WrongKind { .. } => "wrong_type",
        }
    }
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
}
