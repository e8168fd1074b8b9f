//! Uploads read to their last byte (R-ORD-5, R-SHP-2, issue 16): what `portal_core::upload` decided
//! from the first bytes is proven by decoding the whole file.
//!
//! - Photos are decoded by the `image` crate (only its PNG and JPEG decoders: the `png` crate and
//!   `zune-jpeg`, both pure Rust, fuzzed, and maintained by the image-rs project and its authors),
//!   within `PHOTO_MAX_PIXELS`, turned upright by their EXIF orientation and encoded again: what is
//!   stored has no EXIF, GPS position, comment, colour profile or trailing data.
//! - PDFs are parsed by `lopdf` (pure Rust, the most used PDF crate): a readable structure with at
//!   least one page and nothing that runs or opens by itself or carries files. PDFs are stored as
//!   sent (a signed invoice must keep its bytes), so nothing may follow their end.

use std::io::Cursor;

use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};
use portal_core::upload::{FileKind, PHOTO_MAX_PIXELS, PdfActive, Refusal, contains_markup};

/// JPEGs are stored at this quality: photos of parts stay sharp enough to judge a surface.
const JPEG_QUALITY: u8 = 90;

/// Checks a whole file of `kind` (as sniffed) and returns the bytes to store.
pub fn inspect(kind: FileKind, bytes: &[u8]) -> Result<Vec<u8>, Refusal> {
    match kind {
        FileKind::Pdf => pdf(bytes).map(|()| bytes.to_vec()),
        FileKind::Png | FileKind::Jpeg => photo(kind, bytes),
    }
}

fn photo(kind: FileKind, bytes: &[u8]) -> Result<Vec<u8>, Refusal> {
    if contains_markup(bytes) {
        return Err(Refusal::Markup { kind });
    }
    let end = match kind {
        FileKind::Png => png_end(bytes),
        _ => jpeg_end(bytes),
    }
    .ok_or(Refusal::Damaged { kind })?;
    let rest = &bytes[end..];
    // Phones append further pictures (MPF: depth maps, previews) after a JPEG's end; they go with
    // the re-encoding. Anything else there is a second file glued on.
    let tolerated = kind == FileKind::Jpeg && (rest.starts_with(&[0xFF, 0xD8]) || rest.iter().all(|&b| b == 0));
    if !rest.is_empty() && !tolerated {
        return Err(Refusal::TrailingData { kind });
    }
    let format = if kind == FileKind::Png { ImageFormat::Png } else { ImageFormat::Jpeg };
    let mut reader = ImageReader::with_format(Cursor::new(&bytes[..end]), format);
    // The header is read without limits so that a bomb is refused by its size, with its size.
    reader.no_limits();
    let mut decoder = reader.into_decoder().map_err(|_| Refusal::Damaged { kind })?;
    let (width, height) = decoder.dimensions();
    if u64::from(width) * u64::from(height) > PHOTO_MAX_PIXELS {
        return Err(Refusal::TooManyPixels { width, height });
    }
    decoder.set_limits(Limits::default()).map_err(|_| Refusal::TooManyPixels { width, height })?;
    let orientation = decoder.orientation().unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut image = DynamicImage::from_decoder(decoder).map_err(|_| Refusal::Damaged { kind })?;
    image.apply_orientation(orientation);
    let mut out = Cursor::new(Vec::new());
    let encoded = match kind {
        FileKind::Png => image.write_to(&mut out, ImageFormat::Png),
        _ => {
            let image = match image {
                DynamicImage::ImageLuma8(_) | DynamicImage::ImageRgb8(_) => image,
                DynamicImage::ImageLuma16(_) | DynamicImage::ImageLumaA8(_) | DynamicImage::ImageLumaA16(_) => {
                    DynamicImage::ImageLuma8(image.to_luma8())
                }
                _ => DynamicImage::ImageRgb8(image.to_rgb8()),
            };
            image.write_with_encoder(image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY))
        }
    };
    encoded.map_err(|_| Refusal::Damaged { kind })?;
    Ok(out.into_inner())
}

/// Where a PNG ends: just after its `IEND` chunk, walking every chunk from the signature.
fn png_end(bytes: &[u8]) -> Option<usize> {
    let mut at = 8;
    loop {
        let length = usize::try_from(u32::from_be_bytes(bytes.get(at..at + 4)?.try_into().ok()?)).ok()?;
        let kind = bytes.get(at + 4..at + 8)?;
        let end = at.checked_add(12)?.checked_add(length)?;
        if end > bytes.len() {
            return None;
        }
        if kind == b"IEND" {
            return Some(end);
        }
        at = end;
    }
}

/// Where a JPEG ends: just after its end-of-image marker, walking the segments and the entropy-coded
/// data after each start of scan.
fn jpeg_end(bytes: &[u8]) -> Option<usize> {
    let mut at = 2;
    loop {
        // Markers may be preceded by fill bytes (0xFF).
        while bytes.get(at) == Some(&0xFF) && bytes.get(at + 1) == Some(&0xFF) {
            at += 1;
        }
        if *bytes.get(at)? != 0xFF {
            return None;
        }
        let marker = *bytes.get(at + 1)?;
        match marker {
            0xD9 => return Some(at + 2),
            0x01 | 0xD0..=0xD7 => at += 2,
            _ => {
                let length = usize::from(u16::from_be_bytes([*bytes.get(at + 2)?, *bytes.get(at + 3)?]));
                if length < 2 {
                    return None;
                }
                at += 2 + length;
                if at > bytes.len() {
                    return None;
                }
                if marker == 0xDA {
                    // Entropy-coded data runs to the next marker that is not a stuffed 0xFF00 or
                    // a restart marker.
                    loop {
                        let ff = at + bytes.get(at..)?.iter().position(|&b| b == 0xFF)?;
                        match *bytes.get(ff + 1)? {
                            0x00 | 0xD0..=0xD7 | 0xFF => at = ff + 1,
                            _ => {
                                at = ff;
                                break;
                            }
                        }
                    }
                }
            }
        }
    }
}

fn pdf(bytes: &[u8]) -> Result<(), Refusal> {
    let damaged = Refusal::Damaged { kind: FileKind::Pdf };
    // Nothing may follow the last end-of-file marker but line ends and spaces.
    let eof = bytes.windows(5).rposition(|w| w == b"%%EOF").ok_or(damaged)?;
    if !bytes[eof + 5..].iter().all(u8::is_ascii_whitespace) {
        return Err(Refusal::TrailingData { kind: FileKind::Pdf });
    }
    let document = match lopdf::Document::load_mem(bytes) {
        Ok(document) => document,
        Err(_) if bytes.windows(8).any(|w| w == b"/Encrypt") => return Err(Refusal::Encrypted),
        Err(_) => return Err(damaged),
    };
    if document.trailer.has(b"Encrypt") || document.is_encrypted() {
        return Err(Refusal::Encrypted);
    }
    let mut found: Option<PdfActive> = None;
    let mut note = |what: PdfActive| {
        // The gravest finding is the one named.
        let rank = |a: PdfActive| PdfActive::ALL.iter().position(|&b| b == a);
        if found.is_none_or(|f| rank(what) < rank(f)) {
            found = Some(what);
        }
    };
    for object in document.objects.values() {
        active_content(object, &mut note, 0);
    }
    active_content(&lopdf::Object::Dictionary(document.trailer.clone()), &mut note, 0);
    if let Some(what) = found {
        return Err(Refusal::Active(what));
    }
    if document.get_pages().is_empty() {
        return Err(Refusal::NoPages);
    }
    Ok(())
}

/// Looks through an object (and what it holds inline) for anything a viewer would run or open.
fn active_content(object: &lopdf::Object, note: &mut impl FnMut(PdfActive), depth: usize) {
    // Inline nesting deeper than this is no document a shop exports; lopdf has parsed it already.
    const DEEPEST: usize = 64;
    if depth > DEEPEST {
        return;
    }
    let dictionary = match object {
        lopdf::Object::Dictionary(d) => d,
        lopdf::Object::Stream(s) => &s.dict,
        lopdf::Object::Array(items) => {
            for item in items {
                active_content(item, note, depth + 1);
            }
            return;
        }
        _ => return,
    };
    for (key, value) in dictionary.iter() {
        match key.as_slice() {
            b"JS" | b"JavaScript" => note(PdfActive::JavaScript),
            b"OpenAction" | b"AA" => note(PdfActive::OpenAction),
            b"EmbeddedFiles" | b"EF" => note(PdfActive::EmbeddedFile),
            b"S" => match value.as_name() {
                Ok(b"JavaScript") => note(PdfActive::JavaScript),
                Ok(b"Launch") => note(PdfActive::Launch),
                _ => {}
            },
            b"Type" if value.as_name().is_ok_and(|n| n == b"EmbeddedFile") => note(PdfActive::EmbeddedFile),
            _ => {}
        }
        active_content(value, note, depth + 1);
    }
}
