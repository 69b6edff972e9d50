//! The binary allocates through jemalloc with the settings `.cargo/config.toml` compiles
//! in (one arena, freed pages returned after 100 ms). Without them a build's peak memory is a
//! quarter higher, so a build that lost them (a changed variable name, a dropped config
//! file) must fail here rather than only in the benchmark.

#![cfg(not(target_env = "msvc"))]

use std::process::Command;

#[test]
fn the_binary_runs_on_jemalloc_with_the_configured_settings() {
    let output = tempfile::tempdir().unwrap();
    let root = env!("CARGO_MANIFEST_DIR");
    let result = Command::new(env!("CARGO_BIN_EXE_newsline"))
        .args(["build", "--root", root, "--output"])
        .arg(output.path().join("public"))
        // jemalloc prints its settings at exit when asked; `_RJEM_` is tikv-jemalloc-sys's
        // prefix for the variable.
        .env("_RJEM_MALLOC_CONF", "stats_print:true")
        .output()
        .expect("run newsline");
    assert!(result.status.success(), "the bundled site builds");
    let stderr = String::from_utf8_lossy(&result.stderr);
    for setting in [
        "config.malloc_conf: \"narenas:1,dirty_decay_ms:100\"",
        "opt.narenas: 1",
        "opt.dirty_decay_ms: 100",
    ] {
        assert!(
            stderr.contains(setting),
            "jemalloc should report `{setting}`; it printed:\n{}",
            stderr.chars().take(4000).collect::<String>()
        );
    }
}
