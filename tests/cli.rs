//! The real binary on real files: every bad-input class gets one clear line
//! and the right exit code; the samples' outputs are pinned as golden files.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

fn trustpath() -> Command {
    Command::cargo_bin("trustpath").unwrap()
}

fn sample(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("sample-graphs")
        .join(name)
}

/// Runs `args` and returns (exit code, stdout, stderr).
fn run(args: &[&str]) -> (i32, String, String) {
    let out = trustpath().args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// Writes `bytes` to a temp file and runs `validate` on it.
fn validate_bytes(bytes: &[u8]) -> (i32, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.json");
    std::fs::write(&path, bytes).unwrap();
    let (code, stdout, stderr) = run(&["validate", path.to_str().unwrap()]);
    assert!(
        stdout.is_empty(),
        "nothing on stdout for a bad file: {stdout}"
    );
    (code, stderr.replace(path.to_str().unwrap(), "FILE"))
}

#[test]
fn every_bad_input_class_gets_one_clear_line_and_exit_1() {
    let cases: &[(&[u8], &str)] = &[
        (b"", "error: FILE: the file is empty"),
        (b"{\"version\": 1,\n  \"nodes\": [\n", "error: FILE: line 3, column 0: EOF while parsing a list"),
        (b"{\"version\": 1, \"nodes\": [{\"id\": \"a\", \"pos\": [NaN, 1]}]}", "error: FILE: line 1, column 46: expected value"),
        (br#"{"nodes": []}"#, "error: FILE: version: missing (this file must say \"version\": 1)"),
        (br#"{"version": 2}"#, "error: FILE: version: unsupported version 2 (this trustpath reads version 1)"),
        (br#"{"version": "1"}"#, "error: FILE: version: unsupported version \"1\" (this trustpath reads version 1)"),
        (br#"{"version": 1, "nodes": [{"id": "a"}, {"id": "a"}]}"#, "error: FILE: nodes[1] (\"a\"): duplicate node id \"a\""),
        (br#"{"version": 1, "nodes": [{"id": ""}]}"#, "error: FILE: nodes[0]: id is empty"),
        (br#"{"version": 1, "nodes": [{"label": "x"}]}"#, "error: FILE: line 1, column 39: missing field `id`"),
        (
            br#"{"version": 1, "nodes": [{"id": "a"}], "edges": [{"from": "a", "to": "ghost"}]}"#,
            "error: FILE: edges[0] (a → ghost): no node has id \"ghost\"",
        ),
        (
            br#"{"version": 1, "nodes": [{"id": "a"}], "edges": [{"from": "a", "to": "a", "likelihood": 1.5}]}"#,
            "error: FILE: edges[0] (a → a): likelihood 1.5 is outside (0, 1]",
        ),
        (
            br#"{"version": 1, "nodes": [{"id": "a"}], "edges": [{"from": "a", "to": "a", "likelihood": 0}]}"#,
            "error: FILE: edges[0] (a → a): likelihood 0 is outside (0, 1]",
        ),
        (
            br#"{"version": 1, "nodes": [{"id": "a"}], "edges": [{"from": "a", "to": "a", "likelihood": "high"}]}"#,
            "error: FILE: line 1, column 94: invalid type: string \"high\", expected f64",
        ),
        (br#"{"version": 1, "nodes": [{"id": "a", "pos": [1, 1e999]}]}"#, "error: FILE: line 1, column 53: number out of range"),
        (br#"{"version": 1, "nodes": [{"id": "a", "pos": [1]}]}"#, "error: FILE: line 1, column 47: pos: expected [x, y], 2 numbers, found 1"),
        (br#"{"version": 1, "nodes": [{"id": "a", "pos": [1, 2, 3]}]}"#, "error: FILE: line 1, column 53: pos: expected [x, y], 2 numbers, found 3"),
        (br#"{"version": 1, "nodes": [{"id": "a", "pos": "here"}]}"#, "error: FILE: line 1, column 50: invalid type: string \"here\", expected pos as [x, y], 2 numbers"),
        (
            br#"{"version": 1, "nodes": [{"id": "a"}], "edges": [{"from": "a", "to": "a", "bends": [[0, 1], [2, 3, 4]]}]}"#,
            "error: FILE: line 1, column 101: bends: expected [x, y], 2 numbers, found 3",
        ),
        (b"{\"version\": 1, \"title\": \"caf\xe9\"}", "error: FILE: line 1, column 29: the file is not valid UTF-8 text"),
        (b"[1, 2]", "error: FILE: line 1, column 0: invalid type: sequence, expected a trustpath graph object"),
    ];
    for (bytes, want) in cases {
        let (code, stderr) = validate_bytes(bytes);
        assert_eq!(code, 1, "exit code for {}", String::from_utf8_lossy(bytes));
        assert_eq!(
            stderr.trim_end(),
            *want,
            "for {}",
            String::from_utf8_lossy(bytes)
        );
        assert_eq!(stderr.lines().count(), 1, "one line: {stderr}");
    }
}

#[test]
fn missing_file_is_bad_input_and_bad_arguments_are_usage_errors() {
    let (code, _, stderr) = run(&["validate", "/no/such/file.json"]);
    assert_eq!(code, 1);
    assert!(
        stderr.starts_with("error: /no/such/file.json: No such file"),
        "{stderr}"
    );

    let enterprise = sample("enterprise-35.json");
    let e = enterprise.to_str().unwrap();
    for args in [
        vec!["paths", e, "--from", "nobody"],
        vec!["paths", e, "--to", "nothing"],
        vec!["paths", e, "-k", "many"],
        vec!["frobnicate", e],
        vec!["paths"],
    ] {
        let (code, stdout, stderr) = run(&args);
        assert_eq!(code, 2, "{args:?}: {stderr}");
        assert!(stdout.is_empty());
        assert!(stderr.starts_with("error:"), "{args:?}: {stderr}");
    }
    let (_, _, stderr) = run(&["paths", e, "--from", "nobody"]);
    assert_eq!(stderr, "error: --from nobody: no node has id \"nobody\"\n");
}

#[test]
fn samples_validate_with_a_summary() {
    for name in [
        "enterprise-35.json",
        "hospital.json",
        "ot-plant.json",
        "supply-chain.json",
    ] {
        let (code, stdout, _) = run(&["validate", sample(name).to_str().unwrap()]);
        assert_eq!(code, 0);
        assert!(
            stdout.contains(": ok, ") && stdout.lines().count() == 1,
            "{stdout}"
        );
    }
}

#[test]
fn enterprise_stats_show_the_seed_arithmetic() {
    let (code, stdout, _) = run(&["stats", sample("enterprise-35.json").to_str().unwrap()]);
    assert_eq!(code, 0);
    for want in ["595", "1,190", "34,359,738,367"] {
        assert!(stdout.contains(want), "{want} missing from\n{stdout}");
    }
    let (_, json, _) = run(&[
        "stats",
        sample("enterprise-35.json").to_str().unwrap(),
        "--json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["undirected_pairs"], 595);
    assert_eq!(v["directed_interactions"], 1190);
    assert_eq!(v["subsets"], 34_359_738_367u64);
}

#[test]
fn paths_json_follows_the_contract() {
    let (code, stdout, _) = run(&[
        "paths",
        sample("hospital.json").to_str().unwrap(),
        "--json",
        "-k",
        "7",
    ]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let paths = v["paths"].as_array().unwrap();
    assert_eq!(paths.len(), 7);
    let mut last = (f64::INFINITY, 0);
    for p in paths {
        let (l, hops) = (
            p["likelihood"].as_f64().unwrap(),
            p["hops"].as_u64().unwrap(),
        );
        assert_eq!(p["nodes"].as_array().unwrap().len() as u64, hops + 1);
        assert!(l < last.0 || (l == last.0 && hops >= last.1), "sorted");
        last = (l, hops);
    }
}

/// Golden outputs of every sample (text and JSON), reviewed once and pinned.
#[test]
fn golden_outputs_of_the_samples() {
    for name in [
        "enterprise-35.json",
        "hospital.json",
        "ot-plant.json",
        "supply-chain.json",
    ] {
        let path = sample(name);
        let p = path.to_str().unwrap();
        let stem = name.trim_end_matches(".json");
        for (what, args) in [
            ("paths", vec!["paths", p]),
            ("paths-json", vec!["paths", p, "--json", "-k", "5"]),
            (
                "paths-max-hops-2",
                vec!["paths", p, "--max-hops", "2", "-k", "5"],
            ),
            ("stats", vec!["stats", p]),
            ("stats-json", vec!["stats", p, "--json"]),
        ] {
            let (code, stdout, stderr) = run(&args);
            assert_eq!(code, 0, "{stderr}");
            insta::assert_snapshot!(format!("{stem}-{what}"), stdout.replace(p, "FILE"));
        }
    }
}
