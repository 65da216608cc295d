//! Reading and writing trustpath files (format v1, CONTRACT §1).
//!
//! Loading never panics: every bad input becomes a [`LoadError`] whose one-line
//! message names the place (line and column for syntax, the offending id or
//! array index for meaning). Saving is deterministic (fixed key order, one
//! node or edge per line, shortest round-trip floats) and atomic.

mod format;

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::model::TrustGraph;

pub use format::FORMAT_VERSION;
pub(crate) use format::{EdgeDto, NodeDto};

/// Why a file could not be read as a trustpath graph.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("the file is empty")]
    Empty,
    #[error("line {line}, column {column}: the file is not valid UTF-8 text")]
    NotUtf8 { line: usize, column: usize },
    #[error("line {line}, column {column}: {message}")]
    Syntax {
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{place}: {message}")]
    Invalid { place: String, message: String },
}

/// A load or save failure with the path it concerns.
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    #[error("{path}: {source}")]
    Load { path: PathBuf, source: LoadError },
    #[error("{path}: {source}")]
    Io { path: PathBuf, source: io::Error },
}

/// Parses a v1 graph from raw bytes (the contents of a file).
pub fn load_bytes(bytes: &[u8]) -> Result<TrustGraph, LoadError> {
    let text = utf8_text(bytes)?;
    let file: format::FileIn = serde_json::from_str(text).map_err(syntax_error)?;
    let g = file.into_model()?;
    // Extensions are checked on load so a bad block is refused with the graph.
    crate::annotate::Annotations::read(&g).map_err(|e| LoadError::Invalid {
        place: e.place,
        message: e.message,
    })?;
    Ok(g)
}

/// The bytes as text, without a UTF-8 byte-order mark; an error for empty or
/// non-UTF-8 input that says where the first bad byte is.
pub fn utf8_text(bytes: &[u8]) -> Result<&str, LoadError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(LoadError::Empty);
    }
    std::str::from_utf8(bytes).map_err(|e| {
        let good = String::from_utf8_lossy(&bytes[..e.valid_up_to()]);
        let (line, column) = line_column(&good, good.len());
        LoadError::NotUtf8 { line, column }
    })
}

/// 1-based line and column (in characters) of byte offset `at` in `text`.
pub(crate) fn line_column(text: &str, at: usize) -> (usize, usize) {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let start = before.rfind('\n').map_or(0, |p| p + 1);
    (line, before[start..].chars().count() + 1)
}

/// serde_json's error as ours, without its trailing "at line L column C".
pub fn syntax_error(e: serde_json::Error) -> LoadError {
    let message = without_marks(&e.to_string());
    LoadError::Syntax {
        line: e.line(),
        column: e.column(),
        message,
    }
}

/// `message` without the " at line L column C" marks parsers put after the
/// problem (libyaml also after its context): our errors name the place
/// once, first.
pub(crate) fn without_marks(message: &str) -> String {
    const MARK: &str = " at line ";
    let mut out = String::new();
    let mut rest = message;
    while let Some(at) = rest.find(MARK) {
        out.push_str(&rest[..at]);
        let after = &rest[at + MARK.len()..];
        match after_mark(after) {
            Some(tail) => rest = tail,
            None => {
                out.push_str(MARK);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// What follows `L column C` at the start of `text`, when it starts so.
fn after_mark(text: &str) -> Option<&str> {
    after_number(after_number(text)?.strip_prefix(" column ")?)
}

/// What follows the digits at the start of `text`, when there are some.
fn after_number(text: &str) -> Option<&str> {
    let tail = text.trim_start_matches(|c: char| c.is_ascii_digit());
    (tail.len() < text.len()).then_some(tail)
}

/// Reads and parses the file at `path`.
pub fn load_file(path: &Path) -> Result<TrustGraph, FileError> {
    let bytes = fs::read(path).map_err(|source| FileError::Io {
        path: path.into(),
        source,
    })?;
    load_bytes(&bytes).map_err(|source| FileError::Load {
        path: path.into(),
        source,
    })
}

/// Writes `g` as a v1 file: top-level keys one per line, each node and edge on
/// a line of its own (diff-friendly), unknown keys after the known ones.
pub fn write_json(g: &TrustGraph, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "{{")?;
    writeln!(out, "  \"version\": {FORMAT_VERSION},")?;
    writeln!(out, "  \"title\": {},", js(&g.title))?;
    if !g.description.is_empty() {
        writeln!(out, "  \"description\": {},", js(&g.description))?;
    }
    writeln!(out, "  \"nodes\": [")?;
    let n = g.node_count();
    for (i, (_, node)) in g.nodes().enumerate() {
        let sep = if i + 1 < n { "," } else { "" };
        writeln!(out, "    {}{sep}", js(&NodeDto::from_node(node)))?;
    }
    writeln!(out, "  ],")?;
    writeln!(out, "  \"edges\": [")?;
    let m = g.edge_count();
    for (i, e) in g.edges().enumerate() {
        let sep = if i + 1 < m { "," } else { "" };
        let dto = EdgeDto::from_edge(&g.node(e.from).id, &g.node(e.to).id, e.edge);
        writeln!(out, "    {}{sep}", js(&dto))?;
    }
    write!(out, "  ]")?;
    for (key, value) in &g.extra {
        write!(out, ",\n  {}: {}", js(key), js(value))?;
    }
    writeln!(out, "\n}}")
}

/// The v1 text of `g`.
pub fn to_json_string(g: &TrustGraph) -> String {
    let mut buf = Vec::new();
    write_json(g, &mut buf).expect("writing to a Vec cannot fail");
    String::from_utf8(buf).expect("serde_json writes UTF-8")
}

/// Writes `bytes` to `path` atomically: a temporary file beside it is written,
/// flushed to disk and renamed over the target, so a crash or a full disk never
/// leaves a half-written file where the user's model was.
///
/// When `path` is a symbolic link the file it points to is replaced, and the
/// link stays: renaming over the link itself would turn it into a copy and
/// leave the real file stale. Errors name `path` as the user gave it, never
/// the temporary file.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), FileError> {
    let io_err = |source| FileError::Io {
        path: path.into(),
        source,
    };
    let target = link_target(path).map_err(io_err)?;
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut tmp =
        tempfile::NamedTempFile::new_in(dir).map_err(|e| io_err(folder_error(dir, &e)))?;
    // The temporary file is created private (0600); give the result the
    // permissions the user's file had, or the usual ones for a new file.
    if let Some(permissions) = fs::metadata(&target)
        .ok()
        .map(|m| m.permissions())
        .or_else(new_file_permissions)
    {
        tmp.as_file().set_permissions(permissions).map_err(io_err)?;
    }
    // Through the `File`, not the `NamedTempFile`, whose errors would name
    // the temporary path.
    tmp.as_file_mut().write_all(bytes).map_err(io_err)?;
    tmp.as_file().sync_all().map_err(io_err)?;
    tmp.persist(&target).map_err(|e| io_err(e.error))?;
    Ok(())
}

/// Longest chain of symbolic links followed on a save (Linux's own limit).
const MAX_LINKS: usize = 40;

/// The file a save to `path` replaces: `path` itself, or where its chain of
/// symbolic links ends (which need not exist yet: a dangling link is saved
/// through, creating its target).
fn link_target(path: &Path) -> io::Result<PathBuf> {
    let mut target = path.to_path_buf();
    for _ in 0..MAX_LINKS {
        match fs::symlink_metadata(&target) {
            Ok(m) if m.file_type().is_symlink() => {
                let next = fs::read_link(&target)?;
                // A relative link is relative to the folder holding it.
                target = match target.parent() {
                    Some(dir) => dir.join(next),
                    None => next,
                };
            }
            _ => return Ok(target),
        }
    }
    Err(io::Error::other("too many levels of symbolic links"))
}

/// Why no file could be created in `dir`, said of the folder: tempfile's own
/// message names the temporary file, which the user never asked for.
fn folder_error(dir: &Path, e: &io::Error) -> io::Error {
    let kind = e.kind();
    let message = match kind {
        io::ErrorKind::NotFound => format!("the folder {} does not exist", dir.display()),
        io::ErrorKind::NotADirectory => format!("{} is not a folder", dir.display()),
        _ => format!(
            "cannot create a file in the folder {} ({kind})",
            dir.display()
        ),
    };
    io::Error::new(kind, message)
}

/// Whether `a` and `b` are the same existing file, however named: through
/// symbolic links, `..`, or (on Unix) hard links. Commands that convert use it
/// to refuse writing their output over their input.
pub fn same_file(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        match (fs::metadata(a), fs::metadata(b)) {
            (Ok(x), Ok(y)) => (x.dev(), x.ino()) == (y.dev(), y.ino()),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    match (fs::canonicalize(a), fs::canonicalize(b)) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}

/// Read-write for the owner, readable by others: what editors create.
fn new_file_permissions() -> Option<fs::Permissions> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        Some(fs::Permissions::from_mode(0o644))
    }
    #[cfg(not(unix))]
    None
}

/// Saves `g` to `path` as v1 JSON, atomically.
pub fn save_file(path: &Path, g: &TrustGraph) -> Result<(), FileError> {
    write_atomic(path, to_json_string(g).as_bytes())
}

/// Compact JSON of a model value (strings, DTOs, `extra` values).
fn js<T: serde::Serialize + ?Sized>(v: &T) -> String {
    serde_json::to_string(v).expect("model values always serialize")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(text: &str) -> String {
        load_bytes(text.as_bytes()).unwrap_err().to_string()
    }

    #[test]
    fn bad_inputs_name_the_place() {
        assert_eq!(err(""), "the file is empty");
        assert_eq!(
            err("{\"version\": 1,\n \"nodes\": [}"),
            "line 2, column 12: expected value"
        );
        assert!(err(r#"{"nodes": []}"#).starts_with("version: missing"));
        assert!(err(r#"{"version": 2}"#).contains("unsupported version 2"));
        assert!(
            err(r#"{"version": 1, "nodes": [{"id": "a"}, {"id": "a"}]}"#)
                .contains("nodes[1] (\"a\"): duplicate node id \"a\"")
        );
        assert!(err(r#"{"version": 1, "nodes": [{"id": ""}]}"#).contains("nodes[0]: id is empty"));
        assert!(
            err(r#"{"version": 1, "nodes": [{"id": "a"}], "edges": [{"from": "a", "to": "b"}]}"#)
                .contains("edges[0] (a → b): no node has id \"b\"")
        );
        assert!(
            err(r#"{"version": 1, "nodes": [{"id": "a"}], "edges": [{"from": "a", "to": "a", "likelihood": 0}]}"#)
                .contains("likelihood 0 is outside (0, 1]")
        );
        assert!(
            err(r#"{"version": 1, "nodes": [{"id": "a", "pos": [1, 1e999]}]}"#)
                .starts_with("line 1")
        );
        assert_eq!(
            load_bytes(b"{\"version\": 1,\n \"title\": \"\xff\"}")
                .unwrap_err()
                .to_string(),
            "line 2, column 12: the file is not valid UTF-8 text"
        );
    }

    #[test]
    fn round_trip_keeps_unknown_keys_and_is_stable() {
        let text = r#"{"version": 1, "title": "t", "x-top": {"a": [1, 2]},
            "nodes": [{"id": "a", "label": "A", "zone": "z", "entry": true, "pos": [1.5, -2.0], "x-node": null},
                      {"id": "b", "crown_jewel": true, "tags": ["t1"]}],
            "edges": [{"from": "a", "to": "b", "likelihood": 0.25, "x-edge": "keep", "bidirectional": true}]}"#;
        let g = load_bytes(text.as_bytes()).unwrap();
        let saved = to_json_string(&g);
        let again = load_bytes(saved.as_bytes()).unwrap();
        assert_eq!(g, again);
        assert_eq!(saved, to_json_string(&again));
        for key in ["x-top", "x-node", "x-edge"] {
            assert!(saved.contains(key), "{key} lost in {saved}");
        }
    }

    #[test]
    fn atomic_save_replaces_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("g.json");
        fs::write(&path, "old").unwrap();
        let g = load_bytes(br#"{"version": 1, "nodes": [{"id": "a"}]}"#).unwrap();
        save_file(&path, &g).unwrap();
        assert_eq!(load_file(&path).unwrap(), g);
        assert_eq!(
            fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no temp file left behind"
        );
    }

    #[cfg(unix)]
    #[test]
    fn saving_through_a_symlink_updates_the_real_file_and_keeps_the_link() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.json");
        let link = dir.path().join("link.json");
        fs::write(&real, "old").unwrap();
        std::os::unix::fs::symlink("real.json", &link).unwrap();
        let g = load_bytes(br#"{"version": 1, "nodes": [{"id": "a"}]}"#).unwrap();
        save_file(&link, &g).unwrap();
        assert!(
            fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(fs::read_link(&link).unwrap(), Path::new("real.json"));
        assert_eq!(load_file(&real).unwrap(), g);
        assert_eq!(
            fs::read_dir(dir.path()).unwrap().count(),
            2,
            "no temp file left"
        );

        // A dangling link is saved through: its target is created.
        let dangling = dir.path().join("dangling.json");
        std::os::unix::fs::symlink("new.json", &dangling).unwrap();
        save_file(&dangling, &g).unwrap();
        assert_eq!(load_file(&dir.path().join("new.json")).unwrap(), g);
        assert!(
            fs::symlink_metadata(&dangling)
                .unwrap()
                .file_type()
                .is_symlink()
        );

        // A loop of links is an error naming the path given, not a hang.
        let (x, y) = (dir.path().join("x.json"), dir.path().join("y.json"));
        std::os::unix::fs::symlink(&y, &x).unwrap();
        std::os::unix::fs::symlink(&x, &y).unwrap();
        let e = save_file(&x, &g).unwrap_err().to_string();
        assert_eq!(
            e,
            format!("{}: too many levels of symbolic links", x.display())
        );
    }

    #[test]
    fn a_missing_folder_is_named_not_the_temp_file() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("nodir").join("out.json");
        let e = write_atomic(&out, b"{}").unwrap_err().to_string();
        assert_eq!(
            e,
            format!(
                "{}: the folder {} does not exist",
                out.display(),
                dir.path().join("nodir").display()
            )
        );
        // Elsewhere a path through a file may read as missing instead.
        if cfg!(not(unix)) {
            return;
        }
        let file = dir.path().join("file");
        fs::write(&file, "x").unwrap();
        let e = write_atomic(&file.join("out.json"), b"{}")
            .unwrap_err()
            .to_string();
        assert!(
            e.ends_with(&format!("{} is not a folder", file.display())),
            "{e}"
        );
    }

    #[test]
    fn same_file_sees_through_other_names() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.json");
        let b = dir.path().join("b.json");
        fs::write(&a, "a").unwrap();
        fs::write(&b, "a").unwrap();
        assert!(same_file(&a, &dir.path().join(".").join("a.json")));
        assert!(!same_file(&a, &b), "equal contents are not the same file");
        assert!(!same_file(&a, &dir.path().join("missing.json")));
        #[cfg(unix)]
        {
            let soft = dir.path().join("soft.json");
            let hard = dir.path().join("hard.json");
            std::os::unix::fs::symlink(&a, &soft).unwrap();
            fs::hard_link(&a, &hard).unwrap();
            assert!(same_file(&a, &soft));
            assert!(same_file(&hard, &a));
        }
    }
}
