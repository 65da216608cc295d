//! The real binary on real files: every bad-input class gets one clear line
//! and the right exit code; the samples' outputs are pinned as golden files.

mod corpus;

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use corpus::corpus_path;

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
        assert_eq!(stderr.lines().count(), 1, "{args:?}: {stderr}");
    }
    // Clap's paragraphs (error, tip, usage, "for more information") joined.
    let (_, _, stderr) = run(&["paths"]);
    assert_eq!(
        stderr,
        "error: the following required arguments were not provided: <FILE>\n"
    );
    let (_, _, stderr) = run(&["paths", e, "--fro", "vpn"]);
    assert_eq!(
        stderr,
        "error: unexpected argument '--fro' found (tip: a similar argument exists: '--from')\n"
    );
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

/// `import X -o X` (under any name for X) would replace another tool's model
/// with a lossy conversion: refused as bad usage, the model left as it was.
#[test]
fn import_over_its_input_is_refused_and_the_model_kept() {
    let dir = tempfile::tempdir().unwrap();
    for (rel, name) in [
        ("threat-dragon/generic-cms.json", "td.json"),
        ("threagile/stub.yaml", "model.yaml"),
    ] {
        let original = std::fs::read(corpus_path(rel)).unwrap();
        let input = dir.path().join(name);
        std::fs::write(&input, &original).unwrap();
        let mut outputs = vec![input.clone(), dir.path().join(".").join(name)];
        #[cfg(unix)]
        {
            let link = dir.path().join(format!("link-{name}"));
            let hard = dir.path().join(format!("hard-{name}"));
            std::os::unix::fs::symlink(&input, &link).unwrap();
            std::fs::hard_link(&input, &hard).unwrap();
            outputs.extend([link, hard]);
        }
        for output in outputs {
            let (i, o) = (input.to_str().unwrap(), output.to_str().unwrap());
            let (code, stdout, stderr) = run(&["import", i, "-o", o]);
            assert_eq!(code, 2, "{o}: {stderr}");
            assert!(stdout.is_empty(), "{stdout}");
            assert_eq!(
                stderr,
                format!(
                    "error: -o {o}: that is the input file; writing the converted graph over it \
                     would lose the original, so choose another output\n"
                )
            );
            assert_eq!(std::fs::read(&input).unwrap(), original, "{rel} kept");
        }
        // Another output still works.
        let out = dir.path().join("converted.json");
        let (code, _, stderr) = run(&[
            "import",
            input.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ]);
        assert_eq!(code, 0, "{stderr}");
        assert!(run(&["validate", out.to_str().unwrap()]).0 == 0);
    }

    // A trustpath file imported over itself is only re-saved.
    let own = dir.path().join("own.json");
    std::fs::copy(sample("hospital.json"), &own).unwrap();
    let o = own.to_str().unwrap();
    let (code, _, stderr) = run(&["import", o, "-o", o]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        trustpath::io::load_file(&own).unwrap(),
        trustpath::io::load_file(&sample("hospital.json")).unwrap()
    );
}

/// `export FILE -o FILE` to anything but trustpath JSON would replace the
/// graph with a drawing or report; JSON export in place is a re-save.
#[test]
fn export_over_its_input_is_refused_unless_it_writes_json() {
    let dir = tempfile::tempdir().unwrap();
    let original = std::fs::read(sample("hospital.json")).unwrap();
    for name in ["p.png", "p.svg", "p.md", "p.opengraph.json"] {
        let path = dir.path().join(name);
        std::fs::write(&path, &original).unwrap();
        let p = path.to_str().unwrap();
        let (code, stdout, stderr) = run(&["export", p, "-o", p]);
        assert_eq!(code, 2, "{name}: {stderr}");
        assert!(stdout.is_empty());
        assert!(
            stderr.starts_with(&format!(
                "error: -o {p}: that is the input file; writing the ."
            )),
            "{stderr}"
        );
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert_eq!(std::fs::read(&path).unwrap(), original, "{name} kept");
    }
    let json = dir.path().join("p.json");
    std::fs::write(&json, &original).unwrap();
    let p = json.to_str().unwrap();
    let (code, _, stderr) = run(&["export", p, "-o", p]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        trustpath::io::load_file(&json).unwrap(),
        trustpath::io::load_file(&sample("hospital.json")).unwrap()
    );
}

/// Laying out in place keeps working, and through a symbolic link it updates
/// the file the link points to while the link stays a link.
#[test]
fn layout_in_place_and_through_a_symlink() {
    let dir = tempfile::tempdir().unwrap();
    let real = dir.path().join("real.json");
    std::fs::copy(sample("hospital.json"), &real).unwrap();
    let r = real.to_str().unwrap();
    let (code, _, stderr) = run(&["layout", r, "--algorithm", "layered", "-o", r]);
    assert_eq!(code, 0, "{stderr}");
    let laid = trustpath::io::load_file(&real).unwrap();
    assert!(laid.nodes().all(|(_, n)| n.pos.is_some()), "in place");

    #[cfg(unix)]
    {
        let link = dir.path().join("link.json");
        std::os::unix::fs::symlink("real.json", &link).unwrap();
        let l = link.to_str().unwrap();
        let (code, _, stderr) = run(&["layout", l, "--algorithm", "circular", "-o", l]);
        assert_eq!(code, 0, "{stderr}");
        assert!(
            std::fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(std::fs::read_link(&link).unwrap(), Path::new("real.json"));
        let circular = trustpath::io::load_file(&real).unwrap();
        assert!(circular.nodes().all(|(_, n)| n.pos.is_some()));
        assert_ne!(circular, laid, "the real file has the new layout");
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            2,
            "no temp file"
        );
    }
}

#[test]
fn a_missing_output_folder_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("nodir").join("out.json");
    let o = out.to_str().unwrap();
    let h = sample("hospital.json");
    let (code, stdout, stderr) = run(&[
        "layout",
        h.to_str().unwrap(),
        "--algorithm",
        "force",
        "-o",
        o,
    ]);
    assert_eq!(code, 1);
    assert!(stdout.is_empty());
    assert_eq!(
        stderr,
        format!(
            "error: {o}: the folder {} does not exist\n",
            dir.path().join("nodir").display()
        )
    );
    let (code, _, generate_stderr) = run(&["generate", "--nodes", "5", "--edges", "5", "-o", o]);
    assert_eq!(code, 1);
    assert_eq!(
        generate_stderr, stderr,
        "the same message for every command"
    );
}

/// Huge counts are usage errors, not a panic or a run until killed.
#[test]
fn huge_counts_are_usage_errors() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("g.json");
    let o = out.to_str().unwrap();
    let max = "18446744073709551615";
    let h = sample("hospital.json");
    for (args, want) in [
        (
            vec!["generate", "--nodes", max, "-o", o],
            "is not in 0..=10000000",
        ),
        (
            vec!["generate", "--edges", max, "-o", o],
            "is not in 0..=50000000",
        ),
        (
            vec!["generate", "--nodes", "-1", "-o", o],
            "error: unexpected argument '-1'",
        ),
        (
            vec!["risk", h.to_str().unwrap(), "--samples", max],
            "18446744073709551615 is not in 1..=100000000",
        ),
        (
            vec!["risk", h.to_str().unwrap(), "--samples", "100000001"],
            "100000001 is not in 1..=100000000",
        ),
    ] {
        let (code, stdout, stderr) = run(&args);
        assert_eq!(code, 2, "{args:?}: {stderr}");
        assert!(stdout.is_empty());
        assert!(
            stderr.starts_with("error: ") && stderr.contains(want),
            "{args:?}: {stderr}"
        );
    }
    assert!(!out.exists(), "nothing written");

    // -k 0 is allowed (the contract sets no bound): an empty list, said so.
    let (code, stdout, _) = run(&["paths", h.to_str().unwrap(), "-k", "0"]);
    assert_eq!((code, stdout.as_str()), (0, "No paths asked for (-k 0).\n"));
    let (code, stdout, _) = run(&["paths", h.to_str().unwrap(), "-k", "0", "--json"]);
    assert_eq!((code, stdout.trim_end()), (0, r#"{"paths":[]}"#));

    let (code, stdout, stderr) = run(&["generate", "--nodes", "20", "--edges", "30", "-o", o]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(stdout, format!("{o}: 20 nodes, 30 edges\n"));
}

/// A kind no edge has gets a note saying so (on stderr, so `--json` stays
/// one object); the exit code is still 0, as for any query without paths.
#[test]
fn paths_with_a_kind_no_edge_has_say_so() {
    let h = sample("hospital.json");
    let h = h.to_str().unwrap();
    let note = "note: --kind nosuch: no edge has kind \"nosuch\" \
                (the kinds here are admin, credential, data-flow, network, trust)\n";
    let (code, stdout, stderr) = run(&["paths", h, "--kind", "nosuch"]);
    assert_eq!(code, 0);
    assert_eq!(stdout, "No path from the sources to the targets.\n");
    assert_eq!(stderr, note);
    let (code, stdout, stderr) = run(&["paths", h, "--kind", "nosuch", "--json"]);
    assert_eq!(code, 0);
    assert_eq!(stdout, "{\"paths\":[]}\n");
    assert_eq!(stderr, note);
    // A known kind beside it still finds paths, and still gets the note.
    let (code, stdout, stderr) = run(&[
        "paths", h, "--kind", "nosuch", "--kind", "network", "-k", "1",
    ]);
    assert_eq!(code, 0);
    assert!(stdout.starts_with("  #  likelihood"), "{stdout}");
    assert_eq!(stderr, note);
    let (_, _, stderr) = run(&["paths", h, "--kind", "network"]);
    assert!(stderr.is_empty(), "{stderr}");
}

/// Saved scenarios that no longer apply (a node removed since) are not an
/// error of the graph: `validate` passes with a note, `risk --scenario`
/// refuses that scenario, and two of one name are refused when picked.
#[test]
fn validate_notes_stale_scenarios_and_risk_refuses_them() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("g.json");
    let f = file.to_str().unwrap();
    std::fs::write(
        &file,
        r#"{"version": 1, "nodes": [{"id": "a", "entry": true}, {"id": "b", "crown_jewel": true}],
            "edges": [{"from": "a", "to": "b"}],
            "scenarios": [{"name": "ok", "cut_nodes": ["a"]}, {"name": "stale", "cut_nodes": ["zz"]},
                          {"name": "twice"}, {"name": "twice"}]}"#,
    )
    .unwrap();
    let (code, stdout, stderr) = run(&["validate", f]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains(": ok, 2 nodes"), "{stdout}");
    assert_eq!(
        stderr,
        format!("note: {f}: scenario \"stale\": no node has id \"zz\"\n")
    );
    let (code, _, stderr) = run(&["risk", f, "--samples", "100", "--scenario", "stale"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("no node has id \"zz\""), "{stderr}");
    let (code, _, stderr) = run(&["risk", f, "--samples", "100", "--scenario", "twice"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("two scenarios are named \"twice\""),
        "{stderr}"
    );
    let (code, _, stderr) = run(&["risk", f, "--samples", "100", "--scenario", "ok"]);
    assert_eq!(code, 0, "{stderr}");
}

/// A real but tiny likelihood is not printed as 0.000000.
#[test]
fn tiny_likelihoods_keep_their_digits_in_the_path_table() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("g.json");
    std::fs::write(
        &file,
        r#"{"version": 1, "nodes": [{"id": "a", "entry": true}, {"id": "b", "crown_jewel": true}],
            "edges": [{"from": "a", "to": "b", "likelihood": 2.5e-8}]}"#,
    )
    .unwrap();
    let (code, stdout, _) = run(&["paths", file.to_str().unwrap()]);
    assert_eq!(code, 0);
    assert!(stdout.contains("    2.5e-8     1  a → b"), "{stdout}");
}
