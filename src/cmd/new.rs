//! `newsline new annotation`: write a new annotation whose quote is known to anchor.

use std::path::Path;
use std::process::ExitCode;

use newsline::scaffold::annotation::{NewError, Request, create};

use super::print_diagnostics;

pub fn annotation(root: &Path, request: &Request) -> ExitCode {
    match create(root, request) {
        Ok(draft) => {
            if let Some(context) = &draft.context {
                let added: Vec<String> = [("prefix", &context.prefix), ("suffix", &context.suffix)]
                    .into_iter()
                    .filter_map(|(key, value)| Some(format!("{key} = {:?}", value.as_ref()?)))
                    .collect();
                eprintln!(
                    "the quote occurs {} times in the article; added {} to anchor the one at {} (choose another with --occurrence)",
                    draft.occurrences,
                    added.join(" and "),
                    draft.position
                );
            }
            println!("{}", root.join(&draft.path).display());
            ExitCode::SUCCESS
        }
        Err(NewError::Invalid { message, help }) => {
            eprintln!("error: {message}");
            if let Some(help) = help {
                eprintln!("  = help: {help}");
            }
            ExitCode::FAILURE
        }
        Err(NewError::Diagnostics {
            diagnostics,
            sources,
        }) => {
            print_diagnostics(&diagnostics, &sources, false);
            eprintln!("no annotation was written");
            ExitCode::FAILURE
        }
        Err(NewError::Write(error)) => {
            eprintln!("error: cannot write the annotation: {error}");
            ExitCode::FAILURE
        }
    }
}
