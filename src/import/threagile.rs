//! Threagile YAML.
//!
//! Technical assets become components (type and technology → kind), the
//! communication links inside each asset become edges from that asset (the
//! client) to the link's target, with a likelihood derived from the link's
//! authentication, VPN and IP filtering; trust boundaries become zones (the
//! innermost boundary holding an asset); internet-facing assets are proposed
//! as entries and mission-critical or strictly-confidential ones as crown
//! jewels. The tables are documented in docs/IMPORT.md.

use std::collections::HashMap;

use indexmap::IndexMap;
use petgraph::stable_graph::NodeIndex;
use serde::Deserialize;

use super::{Read, add_edge, add_node, invalid, push_paragraph};
use crate::io::{LoadError, without_marks};
use crate::model::{Edge, Node, TrustGraph};

#[derive(Deserialize)]
struct Model {
    title: Option<String>,
    technical_assets: Option<IndexMap<String, Option<Asset>>>,
    trust_boundaries: Option<IndexMap<String, Option<Boundary>>>,
}

#[derive(Deserialize)]
struct Asset {
    id: Option<String>,
    description: Option<String>,
    #[serde(rename = "type")]
    asset_type: Option<String>,
    technology: Option<String>,
    internet: Option<bool>,
    out_of_scope: Option<bool>,
    justification_out_of_scope: Option<String>,
    confidentiality: Option<String>,
    integrity: Option<String>,
    availability: Option<String>,
    tags: Option<Vec<Option<String>>>,
    communication_links: Option<IndexMap<String, Option<Link>>>,
}

#[derive(Deserialize)]
struct Link {
    target: Option<String>,
    description: Option<String>,
    protocol: Option<String>,
    authentication: Option<String>,
    authorization: Option<String>,
    usage: Option<String>,
    vpn: Option<bool>,
    ip_filtered: Option<bool>,
    readonly: Option<bool>,
}

#[derive(Deserialize)]
struct Boundary {
    id: Option<String>,
    technical_assets_inside: Option<Vec<String>>,
    trust_boundaries_nested: Option<Vec<String>>,
}

/// Top-level keys only a Threagile model has.
const MARKERS: [&str; 2] = ["technical_assets", "threagile_version"];

/// `true` for YAML text whose top level has `technical_assets` or
/// `threagile_version`, and for text that is not valid YAML but has a line
/// starting with one of them: that is a broken Threagile model, and reading
/// it as one reports where the YAML breaks instead of "unknown format".
pub(super) fn looks_like(text: &str) -> bool {
    match serde_yaml::from_str::<serde_yaml::Value>(text) {
        Ok(serde_yaml::Value::Mapping(m)) => MARKERS.iter().any(|k| m.contains_key(*k)),
        Ok(_) => false,
        Err(_) => text
            .lines()
            .any(|line| MARKERS.iter().any(|k| line.starts_with(&format!("{k}:")))),
    }
}

/// A hint for text no importer recognised that reads like YAML: the YAML
/// error with its line and column, or that it is YAML of another shape.
pub(super) fn why_not(text: &str) -> Option<String> {
    let first = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with('#'))?;
    if !starts_yaml(first) {
        return None;
    }
    Some(match serde_yaml::from_str::<serde_yaml::Value>(text) {
        Err(e) => format!("not valid YAML: {}", yaml_error(e)),
        Ok(_) => "YAML, but not a Threagile model: no technical_assets".into(),
    })
}

/// `true` for a first line that only YAML starts with: `---`, or `key:`
/// (a key without spaces or commas, then a space or the line's end), so that
/// prose and CSV get no YAML hint.
fn starts_yaml(first: &str) -> bool {
    let key_line = first.split_once(':').is_some_and(|(key, rest)| {
        !key.is_empty() && !key.contains([' ', ',']) && (rest.is_empty() || rest.starts_with(' '))
    });
    first == "---" || key_line
}

/// The likelihood that an attacker holding the client of a link gains its
/// target, from the link's authentication (documented in docs/IMPORT.md).
/// `None` for an authentication Threagile does not define.
pub fn authentication_likelihood(authentication: &str) -> Option<f64> {
    Some(match authentication {
        "" | "none" => 0.9,
        "credentials" => 0.5,
        "session-id" => 0.5,
        "token" => 0.4,
        "client-certificate" => 0.3,
        "externalized" => 0.3,
        "two-factor" => 0.2,
        _ => return None,
    })
}
/// Factor on the likelihood of a link over a VPN.
pub const VPN_FACTOR: f64 = 0.5;
/// Factor on the likelihood of an IP-filtered link.
pub const IP_FILTER_FACTOR: f64 = 0.7;

/// The trustpath kind of an asset, from its technology, else its type.
fn kind_of(asset_type: &str, technology: &str) -> &'static str {
    match technology {
        "browser" | "desktop" | "mobile-app" | "devops-client" | "cli" | "tool" => "endpoint",
        "identity-provider" | "identity-store-ldap" | "identity-store-database" => "identity",
        "database" | "file-server" | "local-file-system" | "data-lake" | "block-storage"
        | "search-index" | "search-engine" | "message-queue" | "stream-processing" => "data",
        "load-balancer" | "reverse-proxy" | "gateway" | "service-registry" | "vpn" => "network",
        "waf" | "ids" | "ips" | "vault" | "hsm" | "monitoring" | "scanner" => "security",
        "sourcecode-repository"
        | "build-pipeline"
        | "artifact-registry"
        | "code-inspection-platform" => "devops",
        "container-platform" | "mainframe" | "function" | "batch-processing" | "scheduler" => {
            "infrastructure"
        }
        "iot-device" => "ot",
        _ => match asset_type {
            "external-entity" => "endpoint",
            "datastore" => "data",
            _ => "application",
        },
    }
}

pub(super) fn read(text: &str) -> Result<Read, LoadError> {
    let model: Model = serde_yaml::from_str(text).map_err(yaml_error)?;
    let mut g = TrustGraph::new();
    let mut warnings = Vec::new();
    g.title = model.title.unwrap_or_default();
    // An import that yields nothing is a mistake, most often a file cut short.
    let assets = match model.technical_assets {
        Some(assets) if !assets.is_empty() => assets,
        _ => {
            return Err(invalid(
                "technical_assets",
                "missing or empty, so there is nothing to import (is the file cut short?)",
            ));
        }
    };
    let boundaries = model.trust_boundaries.unwrap_or_default();
    let zones = zones(&boundaries, &assets)?;
    let mut sources: Vec<(&String, &Asset, NodeIndex)> = Vec::new();
    for (name, asset) in &assets {
        let place = format!("technical_assets.\"{name}\"");
        let Some(asset) = asset else {
            return Err(invalid(place, "is empty (an asset needs at least an id)"));
        };
        let id = asset_id(asset, &place)?;
        let mut node = Node::new(id);
        node.label = name.clone();
        let text = |v: &Option<String>| v.clone().unwrap_or_default();
        node.kind = kind_of(&text(&asset.asset_type), &text(&asset.technology)).into();
        node.zone = zones.get(id).cloned().unwrap_or_default();
        node.tags = asset.tags.iter().flatten().flatten().cloned().collect();
        node.entry = asset.internet.unwrap_or(false);
        let top = |v: &Option<String>, level: &str| v.as_deref() == Some(level);
        node.crown_jewel = top(&asset.confidentiality, "strictly-confidential")
            || top(&asset.integrity, "mission-critical")
            || top(&asset.availability, "mission-critical");
        node.notes = text(&asset.description);
        if asset.out_of_scope.unwrap_or(false) {
            node.tags.push("out-of-scope".into());
            let why = text(&asset.justification_out_of_scope);
            push_paragraph(&mut node.notes, &format!("Out of scope. {why}"));
        }
        let ratings = [
            ("confidentiality", &asset.confidentiality),
            ("integrity", &asset.integrity),
            ("availability", &asset.availability),
        ];
        let ratings: Vec<String> = ratings
            .iter()
            .filter_map(|(k, v)| v.as_ref().map(|v| format!("{k} {v}")))
            .collect();
        if !ratings.is_empty() {
            push_paragraph(&mut node.notes, &format!("Rated {}.", ratings.join(", ")));
        }
        sources.push((name, asset, add_node(&mut g, node, &place)?));
    }
    for (name, asset, from) in sources {
        for (link_name, link) in asset.communication_links.iter().flatten() {
            let place = format!("technical_assets.\"{name}\".communication_links.\"{link_name}\"");
            let Some(link) = link else {
                return Err(invalid(place, "is empty (a link needs a target)"));
            };
            let target = match link.target.as_deref() {
                Some(t) if !t.is_empty() => t,
                _ => return Err(invalid(place, "target is missing")),
            };
            let to = g.find(target).ok_or_else(|| {
                invalid(
                    place.clone(),
                    format!("target \"{target}\": no technical asset has this id"),
                )
            })?;
            let edge = link_edge(link_name, link, &place, &mut warnings);
            add_edge(&mut g, from, to, edge, &place)?;
        }
    }
    Ok(Read { graph: g, warnings })
}

fn asset_id<'a>(asset: &'a Asset, place: &str) -> Result<&'a str, LoadError> {
    match asset.id.as_deref() {
        Some(id) if !id.is_empty() => Ok(id),
        _ => Err(invalid(place, "id is missing")),
    }
}

fn link_edge(name: &str, link: &Link, place: &str, warnings: &mut Vec<String>) -> Edge {
    let auth = link.authentication.as_deref().unwrap_or("none");
    let mut likelihood = authentication_likelihood(auth).unwrap_or_else(|| {
        warnings.push(format!(
            "{place}: unknown authentication \"{auth}\"; treated as none"
        ));
        0.9
    });
    let mut facts = Vec::new();
    if let Some(p) = &link.protocol {
        facts.push(format!("protocol {p}"));
    }
    facts.push(format!("authentication {auth}"));
    if let Some(a) = &link.authorization {
        facts.push(format!("authorization {a}"));
    }
    if link.vpn.unwrap_or(false) {
        likelihood *= VPN_FACTOR;
        facts.push("over VPN".into());
    }
    if link.ip_filtered.unwrap_or(false) {
        likelihood *= IP_FILTER_FACTOR;
        facts.push("IP-filtered".into());
    }
    if link.readonly.unwrap_or(false) {
        facts.push("read-only".into());
    }
    let mut notes = link.description.clone().unwrap_or_default();
    push_paragraph(&mut notes, &format!("{}.", facts.join(", ")));
    Edge {
        kind: if link.usage.as_deref() == Some("devops") {
            "admin"
        } else {
            "data-flow"
        }
        .into(),
        label: name.to_owned(),
        likelihood,
        notes,
        ..Edge::default()
    }
}

/// The innermost trust boundary of each asset id (the one nested deepest,
/// when an asset is listed in several). Unknown ids are errors.
fn zones(
    boundaries: &IndexMap<String, Option<Boundary>>,
    assets: &IndexMap<String, Option<Asset>>,
) -> Result<HashMap<String, String>, LoadError> {
    let place = |name: &str| format!("trust_boundaries.\"{name}\"");
    let mut ids: HashMap<&str, &Boundary> = HashMap::new();
    for (name, b) in boundaries {
        let Some(b) = b else { continue };
        match b.id.as_deref() {
            Some(id) if !id.is_empty() => {
                ids.insert(id, b);
            }
            _ => return Err(invalid(place(name), "id is missing")),
        }
    }
    let mut parent: HashMap<&str, &str> = HashMap::new();
    for (name, b) in boundaries
        .iter()
        .filter_map(|(n, b)| Some((n, b.as_ref()?)))
    {
        for inner in b.trust_boundaries_nested.iter().flatten() {
            if !ids.contains_key(inner.as_str()) {
                return Err(invalid(
                    format!("{}.trust_boundaries_nested", place(name)),
                    format!("no trust boundary has id \"{inner}\""),
                ));
            }
            parent.insert(inner, b.id.as_deref().unwrap_or_default());
        }
    }
    // Bounded by the number of boundaries, so a nesting cycle cannot hang us.
    let depth = |id: &str| {
        let mut d = 0;
        let mut at = id;
        while let Some(p) = parent.get(at) {
            at = p;
            d += 1;
            if d > ids.len() {
                break;
            }
        }
        d
    };
    let known: HashMap<&str, ()> = assets
        .values()
        .flatten()
        .filter_map(|a| a.id.as_deref())
        .map(|id| (id, ()))
        .collect();
    let mut zone: HashMap<String, (usize, String)> = HashMap::new();
    for (name, b) in boundaries
        .iter()
        .filter_map(|(n, b)| Some((n, b.as_ref()?)))
    {
        let id = b.id.as_deref().unwrap_or_default();
        let d = depth(id);
        for asset in b.technical_assets_inside.iter().flatten() {
            if !known.contains_key(asset.as_str()) {
                return Err(invalid(
                    format!("{}.technical_assets_inside", place(name)),
                    format!("no technical asset has id \"{asset}\""),
                ));
            }
            let deeper = zone.get(asset).is_none_or(|(old, _)| d > *old);
            if deeper {
                zone.insert(asset.clone(), (d, id.to_owned()));
            }
        }
    }
    Ok(zone.into_iter().map(|(a, (_, z))| (a, z)).collect())
}

/// serde_yaml's error as ours: line and column, without its trailing copy.
fn yaml_error(e: serde_yaml::Error) -> LoadError {
    let message = without_marks(&e.to_string());
    match e.location() {
        Some(at) => LoadError::Syntax {
            line: at.line(),
            column: at.column(),
            message,
        },
        None => invalid("top level", message),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn likelihood_table() {
        assert_eq!(authentication_likelihood("none"), Some(0.9));
        assert_eq!(authentication_likelihood("two-factor"), Some(0.2));
        assert_eq!(authentication_likelihood("magic"), None);
    }

    #[test]
    fn kinds_from_technology_then_type() {
        assert_eq!(kind_of("datastore", "identity-store-ldap"), "identity");
        assert_eq!(kind_of("datastore", "something-new"), "data");
        assert_eq!(kind_of("process", "web-server"), "application");
    }

    #[test]
    fn yaml_errors_name_line_and_column() {
        let e = read("title: x\ntechnical_assets: [1, 2\n")
            .err()
            .unwrap()
            .to_string();
        assert!(e.starts_with("line "), "{e}");
        let e = read("technical_assets:\n  A:\n    id: a\n    internet: maybe\n")
            .err()
            .unwrap()
            .to_string();
        assert!(e.contains("line 4"), "{e}");
    }

    #[test]
    fn yaml_messages_name_their_place_once() {
        assert_eq!(
            without_marks(
                "could not find expected ':' at line 998 column 1, \
                 while scanning a simple key at line 997 column 3"
            ),
            "could not find expected ':', while scanning a simple key"
        );
        assert_eq!(
            without_marks("unknown field `at line x` at line 2 column 5"),
            "unknown field `at line x`"
        );
    }
}
