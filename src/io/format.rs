//! File format v1 as serde types (the shapes of CONTRACT §1), and their
//! conversion to and from the model. Unknown keys land in `extra` and are
//! written back after the known ones, so a round trip loses nothing.

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};

use crate::model::{Edge, Extra, Node, TrustGraph, is_valid_likelihood};

use super::LoadError;

/// The version this build reads and writes.
pub const FORMAT_VERSION: u64 = 1;

/// The top-level object. `version` is read as any JSON value so that a wrong
/// type gets our own message rather than serde's.
#[derive(Deserialize)]
#[serde(expecting = "a trustpath graph object")]
pub(super) struct FileIn {
    version: Option<serde_json::Value>,
    #[serde(default)]
    title: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    nodes: Vec<NodeDto>,
    #[serde(default)]
    edges: Vec<EdgeDto>,
    #[serde(flatten)]
    extra: Extra,
}

#[derive(Deserialize, Serialize)]
#[serde(expecting = "a node object with an \"id\"")]
pub(crate) struct NodeDto {
    id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    label: Option<String>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    kind: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    zone: String,
    #[serde(default, skip_serializing_if = "is_false")]
    entry: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    crown_jewel: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    tags: Vec<String>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    notes: String,
    #[serde(
        default,
        deserialize_with = "pos_in",
        skip_serializing_if = "Option::is_none"
    )]
    pos: Option<[f64; 2]>,
    #[serde(default, skip_serializing_if = "is_false")]
    pinned: bool,
    #[serde(flatten)]
    extra: Extra,
}

#[derive(Deserialize, Serialize)]
#[serde(expecting = "an edge object with \"from\" and \"to\"")]
pub(crate) struct EdgeDto {
    from: String,
    to: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    kind: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    label: String,
    #[serde(default = "one")]
    likelihood: f64,
    #[serde(default, skip_serializing_if = "is_false")]
    bidirectional: bool,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    notes: String,
    #[serde(
        default,
        deserialize_with = "bends_in",
        skip_serializing_if = "Vec::is_empty"
    )]
    bends: Vec<[f64; 2]>,
    #[serde(flatten)]
    extra: Extra,
}

fn is_false(b: &bool) -> bool {
    !*b
}

fn one() -> f64 {
    1.0
}

/// A point `[x, y]` read for the field named `.0`. serde's own `[f64; 2]`
/// calls a third number "trailing characters", which does not say what is
/// wrong; this names the field and counts the numbers.
struct Point(&'static str);

impl<'de> Visitor<'de> for Point {
    type Value = [f64; 2];

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "{} as [x, y], 2 numbers", self.0)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<[f64; 2], A::Error> {
        let mut xy = [0.0; 2];
        let mut count = 0;
        while let Some(v) = seq.next_element::<f64>()? {
            if let Some(slot) = xy.get_mut(count) {
                *slot = v;
            }
            count += 1;
        }
        if count == xy.len() {
            Ok(xy)
        } else {
            Err(de::Error::custom(format!(
                "{}: expected [x, y], 2 numbers, found {count}",
                self.0
            )))
        }
    }
}

impl<'de> DeserializeSeed<'de> for Point {
    type Value = [f64; 2];

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<[f64; 2], D::Error> {
        d.deserialize_seq(self)
    }
}

/// A node's `pos`: a [`Point`] or `null`.
fn pos_in<'de, D: Deserializer<'de>>(d: D) -> Result<Option<[f64; 2]>, D::Error> {
    struct OptionalPos;

    impl<'de> Visitor<'de> for OptionalPos {
        type Value = Option<[f64; 2]>;

        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("pos as [x, y], 2 numbers, or null")
        }

        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            Point("pos").deserialize(d).map(Some)
        }
    }

    d.deserialize_option(OptionalPos)
}

/// An edge's `bends`: a list of [`Point`]s.
fn bends_in<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<[f64; 2]>, D::Error> {
    struct Bends;

    impl<'de> Visitor<'de> for Bends {
        type Value = Vec<[f64; 2]>;

        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("bends as a list of [x, y] points")
        }

        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            let mut points = Vec::new();
            while let Some(p) = seq.next_element_seed(Point("bends"))? {
                points.push(p);
            }
            Ok(points)
        }
    }

    d.deserialize_seq(Bends)
}

impl FileIn {
    /// Checks the semantic rules serde cannot (version, ids, references,
    /// likelihoods, positions) and builds the model.
    pub(super) fn into_model(self) -> Result<TrustGraph, LoadError> {
        let invalid = |place: String, message: String| LoadError::Invalid { place, message };
        match &self.version {
            None => {
                return Err(invalid(
                    "version".into(),
                    "missing (this file must say \"version\": 1)".into(),
                ));
            }
            Some(v) if v.as_u64() == Some(FORMAT_VERSION) => {}
            Some(v) => {
                return Err(invalid(
                    "version".into(),
                    format!(
                        "unsupported version {v} (this trustpath reads version {FORMAT_VERSION})"
                    ),
                ));
            }
        }
        let mut g = TrustGraph::new();
        g.title = self.title;
        g.description = self.description;
        g.extra = self.extra;
        for (i, dto) in self.nodes.into_iter().enumerate() {
            let place = || format!("nodes[{i}]");
            if dto.id.is_empty() {
                return Err(invalid(place(), "id is empty".into()));
            }
            if dto
                .pos
                .is_some_and(|[x, y]| !x.is_finite() || !y.is_finite())
            {
                return Err(invalid(
                    format!("{} (\"{}\")", place(), dto.id),
                    "position is not finite".into(),
                ));
            }
            let node = dto.into_node();
            let id = node.id.clone();
            g.add_node(node).map_err(|_| {
                invalid(
                    format!("{} (\"{id}\")", place()),
                    format!("duplicate node id \"{id}\""),
                )
            })?;
        }
        for (i, dto) in self.edges.into_iter().enumerate() {
            let place = format!("edges[{i}] ({} → {})", dto.from, dto.to);
            let endpoint = |id: &str| {
                g.find(id)
                    .ok_or_else(|| invalid(place.clone(), format!("no node has id \"{id}\"")))
            };
            let (from, to) = (endpoint(&dto.from)?, endpoint(&dto.to)?);
            if !is_valid_likelihood(dto.likelihood) {
                return Err(invalid(
                    place,
                    format!("likelihood {} is outside (0, 1]", dto.likelihood),
                ));
            }
            g.add_edge(from, to, dto.into_edge())
                .map_err(|e| invalid(place.clone(), e.to_string()))?;
        }
        Ok(g)
    }
}

impl NodeDto {
    /// The keys a node object gives meaning to. A value under one of these
    /// names must have its field's type, so importers keep foreign
    /// properties of these names under another name (see `import`).
    pub(crate) const KEYS: [&'static str; 10] = [
        "id",
        "label",
        "kind",
        "zone",
        "entry",
        "crown_jewel",
        "tags",
        "notes",
        "pos",
        "pinned",
    ];

    fn into_node(self) -> Node {
        Node {
            label: self.label.unwrap_or_else(|| self.id.clone()),
            id: self.id,
            kind: self.kind,
            zone: self.zone,
            entry: self.entry,
            crown_jewel: self.crown_jewel,
            tags: self.tags,
            notes: self.notes,
            pos: self.pos,
            pinned: self.pinned,
            extra: self.extra,
        }
    }

    /// The file form of a node; `label` is left out when it equals the id.
    pub(crate) fn from_node(n: &Node) -> Self {
        Self {
            id: n.id.clone(),
            label: (n.label != n.id).then(|| n.label.clone()),
            kind: n.kind.clone(),
            zone: n.zone.clone(),
            entry: n.entry,
            crown_jewel: n.crown_jewel,
            tags: n.tags.clone(),
            notes: n.notes.clone(),
            pos: n.pos,
            pinned: n.pinned,
            extra: n.extra.clone(),
        }
    }
}

impl EdgeDto {
    /// The keys an edge object gives meaning to (as [`NodeDto::KEYS`]).
    pub(crate) const KEYS: [&'static str; 8] = [
        "from",
        "to",
        "kind",
        "label",
        "likelihood",
        "bidirectional",
        "notes",
        "bends",
    ];

    fn into_edge(self) -> Edge {
        Edge {
            kind: self.kind,
            label: self.label,
            likelihood: self.likelihood,
            bidirectional: self.bidirectional,
            notes: self.notes,
            bends: self.bends,
            extra: self.extra,
        }
    }

    pub(crate) fn from_edge(from: &str, to: &str, e: &Edge) -> Self {
        Self {
            from: from.to_owned(),
            to: to.to_owned(),
            kind: e.kind.clone(),
            label: e.label.clone(),
            likelihood: e.likelihood,
            bidirectional: e.bidirectional,
            notes: e.notes.clone(),
            bends: e.bends.clone(),
            extra: e.extra.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(value: serde_json::Value) -> Vec<String> {
        value.as_object().unwrap().keys().cloned().collect()
    }

    /// Every field set (a struct literal, so a new field breaks this test
    /// until it is listed in `KEYS` too).
    #[test]
    fn keys_list_every_field() {
        let node = NodeDto {
            id: "a".into(),
            label: Some("A".into()),
            kind: "k".into(),
            zone: "z".into(),
            entry: true,
            crown_jewel: true,
            tags: vec!["t".into()],
            notes: "n".into(),
            pos: Some([1.0, 2.0]),
            pinned: true,
            extra: Extra::new(),
        };
        assert_eq!(keys(serde_json::to_value(node).unwrap()), NodeDto::KEYS);
        let edge = EdgeDto {
            from: "a".into(),
            to: "b".into(),
            kind: "k".into(),
            label: "l".into(),
            likelihood: 0.5,
            bidirectional: true,
            notes: "n".into(),
            bends: vec![[1.0, 2.0]],
            extra: Extra::new(),
        };
        assert_eq!(keys(serde_json::to_value(edge).unwrap()), EdgeDto::KEYS);
    }
}
