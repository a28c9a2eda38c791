//! The exports as their real readers see them: `tests/python/check_exports.py`
//! loads the jsonl in spaCy and checks the W3C output against the Web
//! Annotation JSON schemas. Needs `pip install -r tests/python/requirements.txt`;
//! without those packages the test says it was skipped, except under CI,
//! where a missing reader is a failure.

use std::process::Command;

#[test]
fn spacy_and_the_w3c_schemas_accept_the_exports() {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/python/check_exports.py");
    let ready = Command::new("python3")
        .args(["-c", "import spacy, jsonschema"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !ready {
        let why = "python3 with spacy and jsonschema is not installed \
                   (pip install -r tests/python/requirements.txt)";
        assert!(std::env::var_os("CI").is_none(), "{why}");
        eprintln!("skipped: {why}");
        return;
    }
    let out = Command::new("python3")
        .arg(script)
        .arg("--concord")
        .arg(env!("CARGO_BIN_EXE_concord"))
        .output()
        .expect("python3 runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stdout}\n{stderr}");
    assert!(stdout.contains(" 0 failed"), "{stdout}");
}
