//! `newsline init DIR`: create a new site that builds at once.

use std::path::Path;
use std::process::ExitCode;

use newsline::scaffold::init_site;

pub fn run(dir: &Path) -> ExitCode {
    match init_site(dir) {
        Ok(files) => {
            for file in &files {
                println!("{}", file.display());
            }
            eprintln!(
                "created a new site in {0}; next: `newsline serve --root {0}`, and read {0}/README.md",
                dir.display()
            );
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}
