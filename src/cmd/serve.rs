//! `newsline serve`: build the site into memory, serve it, rebuild and reload on every edit.

use std::net::IpAddr;
use std::path::Path;
use std::process::ExitCode;

use newsline::serve::{self, ServeOptions};

pub fn run(root: &Path, bind: IpAddr, port: u16) -> ExitCode {
    let options = ServeOptions {
        root: root.to_path_buf(),
        bind,
        port,
    };
    match serve::run(&options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}
