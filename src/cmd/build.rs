//! `newsline build`: compile the site and replace the output folder with it.

use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use newsline::build::{BuildOptions, compile};
use newsline::diag::has_errors;
use newsline::write::{check_output_folder, write_output};

use super::{print_diagnostics, summary};

pub fn run(root: &Path, output: Option<&Path>, base_url: Option<String>, stats: bool) -> ExitCode {
    let started = Instant::now();
    let output = output
        .map(Path::to_path_buf)
        .unwrap_or_else(|| root.join("public"));
    if let Err(error) = check_output_folder(root, &output) {
        eprintln!("error: {error}");
        return ExitCode::FAILURE;
    }
    let compiled = compile(root, &BuildOptions { base_url });
    print_diagnostics(&compiled.diagnostics, &compiled.sources, false);
    let Some(files) = compiled
        .files
        .filter(|_| !has_errors(&compiled.diagnostics))
    else {
        eprintln!(
            "build failed ({}); {} was left as it was",
            summary(&compiled.diagnostics),
            output.display()
        );
        return ExitCode::FAILURE;
    };
    let write_started = Instant::now();
    match write_output(&output, &files) {
        Ok(written) => {
            if stats {
                let t = &compiled.timings;
                eprintln!(
                    "load {:.3}s, anchor {:.3}s, model {:.3}s, render {:.3}s, write {:.3}s",
                    t.load.as_secs_f64(),
                    t.anchor.as_secs_f64(),
                    t.model.as_secs_f64(),
                    t.render.as_secs_f64(),
                    write_started.elapsed().as_secs_f64()
                );
            }
            eprintln!(
                "built {} files ({} bytes) into {} in {:.2}s",
                written.files,
                written.bytes,
                output.display(),
                started.elapsed().as_secs_f64()
            );
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: cannot write the site: {error}");
            ExitCode::FAILURE
        }
    }
}
