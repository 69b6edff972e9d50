//! `newsline build`: compile the site and replace the output folder with it.

use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use newsline::build::{BuildOptions, compile_into};
use newsline::diag::has_errors;
use newsline::write::{Staging, check_output_folder};

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
    let staging = match Staging::begin(&output) {
        Ok(staging) => staging,
        Err(error) => {
            eprintln!("error: cannot write the site: {error}");
            return ExitCode::FAILURE;
        }
    };
    let options = BuildOptions {
        base_url,
        render_despite_errors: false,
        without_search_index: false,
        // Nothing reads the model after the pages are written, and the process ends.
        release_reader_texts: true,
        leave_memory_to_exit: true,
    };
    // Pages are written into the staging folder while others are still rendering.
    let compiled = compile_into(root, &options, &|file| {
        staging.put(&file).map_err(|e| e.to_string())
    });
    print_diagnostics(&compiled.diagnostics, &compiled.sources, false);
    if has_errors(&compiled.diagnostics) {
        staging.abandon();
        eprintln!(
            "build failed ({}); {} was left as it was",
            summary(&compiled.diagnostics),
            output.display()
        );
        return ExitCode::FAILURE;
    }
    let write_started = Instant::now();
    match staging.commit() {
        Ok(written) => {
            if stats {
                let t = &compiled.timings;
                let peak = |stage: usize| match t.peak_kib[stage] {
                    Some(kib) => format!(" (peak {} MiB)", kib / 1024),
                    None => String::new(),
                };
                eprintln!(
                    "load {:.3}s{}, anchor {:.3}s{}, model {:.3}s{}, render {:.3}s{}, write {:.3}s",
                    t.load.as_secs_f64(),
                    peak(0),
                    t.anchor.as_secs_f64(),
                    peak(1),
                    t.model.as_secs_f64(),
                    peak(2),
                    t.render.as_secs_f64(),
                    peak(3),
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
            // The process ends now: freeing the model piece by piece would only delay it.
            std::mem::forget(compiled);
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: cannot write the site: {error}");
            ExitCode::FAILURE
        }
    }
}
