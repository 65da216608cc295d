//! Where things go on the presentation screen: a compact legend strip at the
//! top, an optional what-if banner under it, the caption bar at the bottom,
//! and between them the *stage* the camera keeps the spotlit hop inside, so
//! the caption never covers the hop being talked about.

use egui::{Pos2, Rect, Vec2};

/// Font sizes at scale 1 (the mode's "large type" multiplies them).
pub mod px {
    pub const CAPTION: f32 = 22.0;
    pub const CAPTION_SMALL: f32 = 16.0;
    pub const LEGEND: f32 = 12.0;
    pub const BANNER: f32 = 17.0;
    pub const HELP: f32 = 15.0;
    /// Text of the model's callouts.
    pub const CALLOUT: f32 = 15.0;
    /// Smallest label on a spotlit node; smaller ones get a plate above.
    pub const PATH_LABEL: f32 = 14.0;
    /// Plates grow with the type scale up to this size only, so that the
    /// plates of neighbouring nodes rarely meet.
    pub const PATH_LABEL_MAX: f32 = 26.0;
    /// Smallest label of any other node.
    pub const CONTEXT_LABEL: f32 = 10.0;
}

/// The legend stays one line: it scales up only to this size.
const LEGEND_MAX_PX: f32 = 22.0;

/// Screen regions of one presentation frame.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Regions {
    pub canvas: Rect,
    pub legend: Rect,
    pub banner: Option<Rect>,
    pub caption: Rect,
    /// Where the camera puts the spotlit nodes (with margins).
    pub stage: Rect,
}

impl Regions {
    /// Regions for a canvas at a type `scale`, with or without the banner.
    pub fn new(canvas: Rect, scale: f32, banner: bool) -> Self {
        // Two rows for the hop (long labels wrap), one for where we are.
        let caption_h = (2.0 * px::CAPTION + px::CAPTION_SMALL) * scale * 1.3 + 28.0;
        let caption = Rect::from_min_max(
            Pos2::new(canvas.left(), canvas.bottom() - caption_h),
            canvas.right_bottom(),
        );
        let legend = Rect::from_min_size(
            canvas.left_top(),
            Vec2::new(canvas.width(), legend_px(scale) * 1.4 + 12.0),
        );
        let banner = banner.then(|| {
            Rect::from_min_size(
                legend.left_bottom(),
                Vec2::new(canvas.width(), px::BANNER * scale * 1.4 + 16.0),
            )
        });
        let top = banner.map_or(legend.bottom(), |b| b.bottom());
        let margin = 20.0 * scale;
        let stage = Rect::from_min_max(
            Pos2::new(canvas.left() + margin, top + margin),
            Pos2::new(canvas.right() - margin, caption.top() - margin),
        );
        Self {
            canvas,
            legend,
            banner,
            caption,
            stage,
        }
    }
}

/// Legend font size at `scale`.
pub fn legend_px(scale: f32) -> f32 {
    (px::LEGEND * scale).min(LEGEND_MAX_PX)
}
