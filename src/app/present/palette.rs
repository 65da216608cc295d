//! The presentation palette: a high-contrast light theme on Okabe–Ito
//! colours (Okabe & Ito, "Color Universal Design", 2008), which stay
//! distinguishable for the common colour-vision deficiencies and on a
//! washed-out projector. Colour is never the only cue: the painter also
//! varies shape (rings, badges, dashes) and weight (line width, node size).

use egui::Color32;

/// Okabe–Ito orange: crown jewels (double ring + ★).
pub const JEWEL: Color32 = Color32::from_rgb(0xE6, 0x9F, 0x00);
/// Okabe–Ito bluish green: entry points (thick ring + ▶).
pub const ENTRY: Color32 = Color32::from_rgb(0x00, 0x9E, 0x73);
/// Okabe–Ito blue: the current path (thick edges, dark node outlines).
pub const PATH: Color32 = Color32::from_rgb(0x00, 0x72, 0xB2);
/// Okabe–Ito vermillion: the current hop (thickest edge, halo on its nodes).
pub const HOP: Color32 = Color32::from_rgb(0xD5, 0x5E, 0x00);
/// Okabe–Ito sky blue: paths that a cut just removed, fading out.
pub const DYING: Color32 = Color32::from_rgb(0x56, 0xB4, 0xE9);
/// Okabe–Ito reddish purple: the factor mark on a hardened edge (which is
/// also drawn thinner, with a white core, so it reads without colour).
pub const HARDENED: Color32 = Color32::from_rgb(0xCC, 0x79, 0xA7);
/// Okabe–Ito yellow: the hop text on the dark caption bar.
pub const CAPTION_HOP: Color32 = Color32::from_rgb(0xF0, 0xE4, 0x42);

pub const BACKGROUND: Color32 = Color32::WHITE;
pub const INK: Color32 = Color32::BLACK;
pub const NODE_FILL: Color32 = Color32::WHITE;
pub const NODE_STROKE: Color32 = Color32::from_rgb(70, 70, 70);
/// Outline of nodes on the current path: thick and dark, readable in greyscale.
pub const PATH_NODE_STROKE: Color32 = Color32::BLACK;
pub const EDGE: Color32 = Color32::from_rgb(105, 105, 105);
pub const DIM_FILL: Color32 = Color32::from_rgb(244, 244, 244);
pub const DIM_STROKE: Color32 = Color32::from_rgb(200, 200, 200);
pub const DIM_TEXT: Color32 = Color32::from_rgb(150, 150, 150);
pub const DIM_EDGE: Color32 = Color32::from_rgb(215, 215, 215);
pub const CUT: Color32 = Color32::BLACK;
pub const BAR_BG: Color32 = Color32::from_rgb(18, 18, 18);
pub const BAR_TEXT: Color32 = Color32::WHITE;
pub const LEGEND_BG: Color32 = Color32::from_rgb(238, 238, 238);
pub const SHADE: Color32 = Color32::from_rgba_premultiplied(0, 0, 0, 150);
