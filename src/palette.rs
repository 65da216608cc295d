//! The colours of trustpath drawings: one per node kind and edge kind, the
//! entry and crown-jewel marks, and the highlight colours of paths.
//!
//! Shared by every exporter (SVG, PNG, DOT, GraphML) so that a file looks the
//! same in every tool, and meant for the GUI canvas too, which is why it holds
//! plain sRGB bytes and no egui types.

/// An sRGB colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    pub const WHITE: Rgb = Rgb(0xff, 0xff, 0xff);

    /// `#rrggbb`, lower case.
    pub fn hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }

    /// Parses `#rrggbb` (case-insensitive); `None` for anything else.
    pub fn parse_hex(s: &str) -> Option<Rgb> {
        let h = s.strip_prefix('#')?;
        if h.len() != 6 || !h.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let byte = |i: usize| u8::from_str_radix(h.get(i..i + 2)?, 16).ok();
        Some(Rgb(byte(0)?, byte(2)?, byte(4)?))
    }

    /// This colour moved towards `other` by `t` in [0, 1].
    pub fn mix(self, other: Rgb, t: f64) -> Rgb {
        let t = t.clamp(0.0, 1.0);
        let m = |a: u8, b: u8| (f64::from(a) + (f64::from(b) - f64::from(a)) * t).round() as u8;
        Rgb(m(self.0, other.0), m(self.1, other.1), m(self.2, other.2))
    }
}

/// Node kinds with a colour of their own, in legend order.
const NODE_KINDS: &[(&str, Rgb)] = &[
    ("endpoint", Rgb(0x3b, 0x82, 0xf6)),
    ("identity", Rgb(0xd9, 0x46, 0xef)),
    ("network", Rgb(0x0e, 0xa5, 0xe9)),
    ("application", Rgb(0x63, 0x66, 0xf1)),
    ("data", Rgb(0xf5, 0x9e, 0x0b)),
    ("infrastructure", Rgb(0x64, 0x74, 0x8b)),
    ("cloud", Rgb(0x06, 0xb6, 0xd4)),
    ("saas", Rgb(0x8b, 0x5c, 0xf6)),
    ("devops", Rgb(0x10, 0xb9, 0x81)),
    ("security", Rgb(0x14, 0xb8, 0xa6)),
    ("ot", Rgb(0xef, 0x44, 0x44)),
    ("physical", Rgb(0xa1, 0x62, 0x07)),
];

/// Kinds not listed above get one of these, picked by a stable hash of the
/// name so that the same kind always gets the same colour.
const FALLBACK: &[Rgb] = &[
    Rgb(0x84, 0xcc, 0x16),
    Rgb(0xec, 0x48, 0x99),
    Rgb(0x78, 0x71, 0x6c),
    Rgb(0x22, 0xc5, 0x5e),
    Rgb(0xf9, 0x73, 0x16),
];

/// Nodes without a kind.
pub const UNKNOWN_KIND: Rgb = Rgb(0x9c, 0xa3, 0xaf);

const EDGE_KINDS: &[(&str, Rgb)] = &[
    ("credential", Rgb(0xd9, 0x77, 0x06)),
    ("network", Rgb(0x25, 0x63, 0xeb)),
    ("admin", Rgb(0xdc, 0x26, 0x26)),
    ("data-flow", Rgb(0x0d, 0x94, 0x88)),
    ("supply-chain", Rgb(0x93, 0x33, 0xea)),
    ("trust", Rgb(0x47, 0x55, 0x69)),
    ("physical", Rgb(0x92, 0x40, 0x0e)),
];

/// Edges without a known kind.
pub const EDGE_DEFAULT: Rgb = Rgb(0x6b, 0x72, 0x80);

/// The ring and badge of an entry point.
pub const ENTRY: Rgb = Rgb(0x16, 0xa3, 0x4a);
/// The double ring and badge of a crown jewel.
pub const JEWEL: Rgb = Rgb(0xca, 0x8a, 0x04);
/// Text on light fills.
pub const INK: Rgb = Rgb(0x11, 0x18, 0x27);
/// Secondary text (legend, subtitles, edge labels).
pub const MUTED_INK: Rgb = Rgb(0x4b, 0x55, 0x63);
/// Zone regions and panel borders.
pub const FRAME: Rgb = Rgb(0xcb, 0xd5, 0xe1);
/// Callouts without a colour of their own.
pub const CALLOUT: Rgb = Rgb(0xfe, 0xf3, 0xc7);

/// Highlighted paths, in rank order; the first is the default highlight.
pub const HIGHLIGHTS: &[Rgb] = &[
    Rgb(0xe1, 0x1d, 0x74),
    Rgb(0xea, 0x58, 0x0c),
    Rgb(0x7c, 0x3a, 0xed),
    Rgb(0x08, 0x91, 0xb2),
    Rgb(0x65, 0xa3, 0x0d),
];

/// Opacity of what is not highlighted while something is.
pub const DIM_OPACITY: f64 = 0.22;

/// FNV-1a: a stable hash (std's `DefaultHasher` may change between releases).
fn stable_hash(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    })
}

/// The colour of a node kind (strong; fills use [`node_fill`]).
pub fn node_kind(kind: &str) -> Rgb {
    if kind.is_empty() {
        return UNKNOWN_KIND;
    }
    NODE_KINDS
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(kind))
        .map(|&(_, c)| c)
        .unwrap_or_else(|| FALLBACK[(stable_hash(kind) % FALLBACK.len() as u64) as usize])
}

/// The light fill of a node of this kind, dark text stays readable on it.
pub fn node_fill(kind: &str) -> Rgb {
    node_kind(kind).mix(Rgb::WHITE, 0.72)
}

/// The colour of an edge kind.
pub fn edge_kind(kind: &str) -> Rgb {
    EDGE_KINDS
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(kind))
        .map_or(EDGE_DEFAULT, |&(_, c)| c)
}

/// The colour of the highlighted path of rank `i` (0-based), cycling.
pub fn highlight(i: usize) -> Rgb {
    HIGHLIGHTS[i % HIGHLIGHTS.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_round_trips_and_rejects_junk() {
        for c in [Rgb(0, 0, 0), Rgb(0xab, 0xcd, 0xef), JEWEL] {
            assert_eq!(Rgb::parse_hex(&c.hex()), Some(c));
        }
        for bad in ["", "#", "abcdef", "#abcde", "#abcdeg", "#abcdef0", "#ééé"] {
            assert_eq!(Rgb::parse_hex(bad), None, "{bad}");
        }
    }

    #[test]
    fn unknown_kinds_get_a_stable_colour() {
        assert_eq!(node_kind("mainframe"), node_kind("mainframe"));
        assert_eq!(node_kind(""), UNKNOWN_KIND);
        assert_eq!(node_kind("OT"), node_kind("ot"));
    }
}
