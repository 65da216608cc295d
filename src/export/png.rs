//! PNG: the SVG drawing rasterised on the CPU by resvg/tiny-skia, at 1× to 4×
//! for slides, on white or transparent.
//!
//! Text needs fonts: the system's are loaded (DejaVu Sans on Debian, package
//! `fonts-dejavu-core`), and the Ubuntu Light face the GUI ships is always
//! added from `epaint_default_fonts`, so labels render even on a machine
//! with no fonts installed. The font database is built once per process.

use std::io::Write;
use std::sync::{Arc, OnceLock};

use resvg::{tiny_skia, usvg};

use super::{Background, ExportError};

/// Largest side of an image, in pixels: beyond it, ask for a smaller scale
/// rather than allocate gigabytes.
pub const MAX_SIDE: u32 = 16_384;

/// The fonts text is drawn with (see the module comment). System fonts are
/// read into memory once: without fontdb's `memmap` feature a face given by
/// path is re-read from disk for every text element, which made a 35-node
/// drawing take a second to rasterise.
fn fonts() -> Arc<usvg::fontdb::Database> {
    static DB: OnceLock<Arc<usvg::fontdb::Database>> = OnceLock::new();
    DB.get_or_init(|| {
        let mut system = usvg::fontdb::Database::new();
        system.load_system_fonts();
        let mut files: Vec<std::path::PathBuf> = system
            .faces()
            .filter_map(|f| match &f.source {
                usvg::fontdb::Source::File(path) => Some(path.clone()),
                _ => None,
            })
            .collect();
        files.sort();
        files.dedup();
        let mut db = usvg::fontdb::Database::new();
        for path in files {
            // An unreadable font file is skipped, as fontdb itself does.
            if let Ok(bytes) = std::fs::read(&path) {
                db.load_font_data(bytes);
            }
        }
        let system_faces = db.len();
        db.load_font_data(epaint_default_fonts::UBUNTU_LIGHT.to_vec());
        let embedded = db
            .faces()
            .last()
            .and_then(|f| f.families.first())
            .map(|(name, _)| name.clone());
        if system_faces == 0
            && let Some(name) = embedded
        {
            db.set_sans_serif_family(name);
        }
        Arc::new(db)
    })
    .clone()
}

/// Rasterises `svg` (as written by [`super::svg::write`]) at `scale` and
/// writes the PNG.
pub fn write(
    svg: &[u8],
    scale: f32,
    background: Background,
    out: &mut dyn Write,
) -> Result<(), ExportError> {
    if !(1.0..=4.0).contains(&scale) {
        return Err(ExportError::Png(format!("scale {scale} is outside 1 to 4")));
    }
    let opts = usvg::Options {
        fontdb: fonts(),
        ..usvg::Options::default()
    };
    let tree = usvg::Tree::from_data(svg, &opts)
        .map_err(|e| ExportError::Png(format!("reading the drawing: {e}")))?;
    let size = tree.size();
    let (w, h) = (
        (size.width() * scale).ceil() as u32,
        (size.height() * scale).ceil() as u32,
    );
    if w > MAX_SIDE || h > MAX_SIDE {
        return Err(ExportError::Png(format!(
            "the image would be {w}×{h} pixels (at most {MAX_SIDE} a side): use a smaller scale"
        )));
    }
    let mut pixmap = tiny_skia::Pixmap::new(w.max(1), h.max(1))
        .ok_or_else(|| ExportError::Png(format!("cannot allocate a {w}×{h} image")))?;
    if background == Background::White {
        pixmap.fill(tiny_skia::Color::WHITE);
    }
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    let bytes = pixmap
        .encode_png()
        .map_err(|e| ExportError::Png(format!("encoding: {e}")))?;
    out.write_all(&bytes)?;
    Ok(())
}
