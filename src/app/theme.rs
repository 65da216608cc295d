//! Named colours and sizes for the canvas and panels. Panels never write a
//! colour literal: they ask the [`Palette`] for the colour of a *meaning*
//! (entry, crown jewel, highlighted path…), so a theme change or the
//! projector mode of a later issue touches this file only.

use egui::Color32;

/// Colours for one theme (dark or light).
#[derive(Clone, Debug)]
pub struct Palette {
    pub canvas_bg: Color32,
    pub grid: Color32,
    pub node_text: Color32,
    pub node_stroke: Color32,
    pub entry_ring: Color32,
    pub jewel_ring: Color32,
    pub selection: Color32,
    pub hover: Color32,
    pub search_match: Color32,
    pub edge: Color32,
    pub edge_dimmed: Color32,
    pub path: Color32,
    pub path_current_hop: Color32,
    pub heat: Color32,
    pub cut_edge: Color32,
    pub reach: Color32,
    pub rubber_band: Color32,
    pub error_bg: Color32,
    pub error_text: Color32,
    pub info_bg: Color32,
    pub stale_text: Color32,
    pub caption_bg: Color32,
    /// Fills for node kinds, by the kind's position in the graph's kind list.
    kind_fills: [Color32; 12],
}

impl Palette {
    /// The palette that goes with egui's dark or light visuals.
    pub fn new(dark: bool) -> Self {
        if dark {
            Self {
                canvas_bg: Color32::from_rgb(24, 26, 30),
                grid: Color32::from_rgb(34, 37, 42),
                node_text: Color32::from_rgb(245, 245, 245),
                node_stroke: Color32::from_rgb(20, 20, 20),
                entry_ring: Color32::from_rgb(60, 200, 90),
                jewel_ring: Color32::from_rgb(240, 190, 40),
                selection: Color32::from_rgb(90, 170, 255),
                hover: Color32::from_rgb(200, 200, 200),
                search_match: Color32::from_rgb(255, 120, 220),
                edge: Color32::from_rgb(130, 136, 148),
                edge_dimmed: Color32::from_rgba_unmultiplied(130, 136, 148, 45),
                path: Color32::from_rgb(255, 95, 70),
                path_current_hop: Color32::from_rgb(255, 230, 80),
                heat: Color32::from_rgb(255, 120, 60),
                cut_edge: Color32::from_rgb(200, 80, 80),
                reach: Color32::from_rgb(255, 150, 40),
                rubber_band: Color32::from_rgba_unmultiplied(90, 170, 255, 40),
                error_bg: Color32::from_rgb(110, 30, 30),
                error_text: Color32::from_rgb(255, 225, 225),
                info_bg: Color32::from_rgb(35, 60, 95),
                stale_text: Color32::from_rgb(110, 110, 110),
                caption_bg: Color32::from_rgba_unmultiplied(10, 10, 12, 225),
                kind_fills: [
                    Color32::from_rgb(52, 101, 164),
                    Color32::from_rgb(117, 80, 123),
                    Color32::from_rgb(78, 154, 6),
                    Color32::from_rgb(196, 120, 0),
                    Color32::from_rgb(46, 140, 140),
                    Color32::from_rgb(164, 52, 90),
                    Color32::from_rgb(100, 100, 100),
                    Color32::from_rgb(140, 110, 60),
                    Color32::from_rgb(60, 80, 170),
                    Color32::from_rgb(120, 140, 40),
                    Color32::from_rgb(170, 70, 40),
                    Color32::from_rgb(90, 120, 150),
                ],
            }
        } else {
            Self {
                canvas_bg: Color32::from_rgb(250, 250, 248),
                grid: Color32::from_rgb(236, 236, 232),
                node_text: Color32::from_rgb(255, 255, 255),
                node_stroke: Color32::from_rgb(60, 60, 60),
                entry_ring: Color32::from_rgb(20, 150, 50),
                jewel_ring: Color32::from_rgb(200, 140, 0),
                selection: Color32::from_rgb(20, 110, 230),
                hover: Color32::from_rgb(40, 40, 40),
                search_match: Color32::from_rgb(210, 40, 170),
                edge: Color32::from_rgb(120, 124, 132),
                edge_dimmed: Color32::from_rgba_unmultiplied(120, 124, 132, 45),
                path: Color32::from_rgb(220, 50, 30),
                path_current_hop: Color32::from_rgb(240, 150, 0),
                heat: Color32::from_rgb(230, 90, 20),
                cut_edge: Color32::from_rgb(190, 40, 40),
                reach: Color32::from_rgb(235, 120, 0),
                rubber_band: Color32::from_rgba_unmultiplied(20, 110, 230, 40),
                error_bg: Color32::from_rgb(255, 225, 225),
                error_text: Color32::from_rgb(120, 0, 0),
                info_bg: Color32::from_rgb(220, 235, 255),
                stale_text: Color32::from_rgb(150, 150, 150),
                caption_bg: Color32::from_rgba_unmultiplied(255, 255, 255, 235),
                kind_fills: [
                    Color32::from_rgb(52, 101, 164),
                    Color32::from_rgb(117, 80, 123),
                    Color32::from_rgb(58, 124, 6),
                    Color32::from_rgb(186, 100, 0),
                    Color32::from_rgb(36, 120, 120),
                    Color32::from_rgb(164, 52, 90),
                    Color32::from_rgb(100, 100, 100),
                    Color32::from_rgb(130, 95, 45),
                    Color32::from_rgb(60, 80, 170),
                    Color32::from_rgb(100, 120, 30),
                    Color32::from_rgb(160, 60, 30),
                    Color32::from_rgb(80, 110, 140),
                ],
            }
        }
    }

    /// The fill for the kind at position `i` among the graph's sorted
    /// distinct kinds: neighbours in the list never share a colour, and with
    /// up to 12 kinds none do.
    pub fn kind_fill(&self, i: usize) -> Color32 {
        self.kind_fills[i % self.kind_fills.len()]
    }

    /// Choke points (minimum cut nodes and edges) on the canvas and in the risk panel.
    pub fn choke(&self) -> Color32 {
        Color32::from_rgb(0xc0, 0x3a, 0xd6)
    }

    /// The risk tint for a reach probability `p` in [0, 1]: green through
    /// amber to red (the risk panel's legend draws the same scale).
    pub fn risk_fill(&self, p: f64) -> Color32 {
        let p = p.clamp(0.0, 1.0) as f32;
        let stops = [(0x2e, 0x9e, 0x5b), (0xf2, 0xb1, 0x34), (0xd6, 0x3a, 0x2f)];
        let (a, b, t) = if p < 0.5 {
            (stops[0], stops[1], p * 2.0)
        } else {
            (stops[1], stops[2], p * 2.0 - 1.0)
        };
        let mix = |x: u8, y: u8| (f32::from(x) + (f32::from(y) - f32::from(x)) * t).round() as u8;
        Color32::from_rgb(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
    }
}

/// Sizes of canvas elements in graph units (at zoom 1, one unit is one point).
pub mod size {
    /// Node box width and height.
    pub const NODE_W: f32 = 150.0;
    pub const NODE_H: f32 = 44.0;
    pub const NODE_ROUNDING: f32 = 8.0;
    /// Label font size at zoom 1.
    pub const LABEL_PX: f32 = 13.0;
    /// Smallest label font: when zoomed out, labels stop shrinking here
    /// (and boxes stop shrinking below `MIN_NODE_*_PX`), shortened with "…"
    /// instead, so a whole small graph stays readable when fitted.
    pub const MIN_LABEL_PX: f32 = 10.5;
    pub const MIN_NODE_W_PX: f32 = 100.0;
    pub const MIN_NODE_H_PX: f32 = 19.0;
    /// How wide and tall a box may grow, in graph units: the layered
    /// layouts put neighbours 180 units apart across and at least 70 along
    /// the other axis, so boxes up to these sizes keep a gap.
    pub const ROOM_W: f32 = 170.0;
    pub const ROOM_H: f32 = 62.0;
    /// Below this zoom, nodes are drawn as plain dots without labels or
    /// badges and edges without arrowheads (level of detail for big graphs).
    pub const DETAIL_ZOOM: f32 = 0.2;
    /// Screen distance within which a click picks an edge.
    pub const EDGE_PICK_PX: f32 = 6.0;
}
