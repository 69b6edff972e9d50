//! No path escape: names that become file names (tags, people, outlets, file slugs) cannot
//! write outside the output folder or overwrite each other, and the output folder can never
//! be the site's own sources.

mod hardening;

use std::collections::BTreeSet;
use std::path::Path;

use hardening::{
    TempSite, annotation_md, article_md, build_into, entries, newsline, printed, snapshot,
};
use newsline::write::is_safe_relative;

/// Names that try to leave the output folder or to be names a file system refuses.
const HOSTILE_NAMES: &[&str] = &[
    "../../../../tmp/escaped",
    "..",
    ".",
    "/etc/passwd",
    "/",
    "C:\\Windows\\System32",
    "\\\\server\\share\\x",
    "a/b/c",
    "CON",
    "nul",
    "Com1",
    "LPT9.txt",
    "aux.",
    "name.",
    "name ",
    ".hidden",
    "\u{ff0e}\u{ff0e}\u{ff0f}\u{ff0e}\u{ff0e}\u{ff0f}fullwidth",
    "\u{2215}division\u{2215}slash",
    "\u{2024}\u{2024}/one-dot-leaders",
    "\u{202e}txt.exe",
    "zero\u{200b}width",
    "nul\u{0}byte",
    "new\nline",
    "tab\tname",
    "ﬁ ligature",
    "e\u{301}",
    "é",
    "🙂",
    "",
    " ",
    "-",
    "%2e%2e%2fencoded",
];

/// Windows device names, which cannot be files or folders there whatever the extension.
const WINDOWS_RESERVED: &[&str] = &[
    "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8",
    "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
];

/// Checks every output path: relative, inside, portable (ASCII letters, digits, `-`, `_`,
/// `.`; no Windows device names; no component ending in `.` or space; at most 255 bytes).
fn assert_portable_paths(output: &Path) {
    for (file, _) in snapshot(output) {
        assert!(is_safe_relative(&file), "unsafe output path {file:?}");
        for part in file.split('/') {
            assert!(part.len() <= 255, "component too long in {file:?}");
            assert!(
                part.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b)),
                "non-portable component {part:?} in {file:?}"
            );
            let stem = part.split('.').next().unwrap_or("").to_ascii_lowercase();
            assert!(
                !WINDOWS_RESERVED.contains(&stem.as_str()),
                "Windows device name {part:?} in {file:?}"
            );
            // `.nojekyll` is the one dotfile GitHub Pages needs, by that exact name.
            if part != ".nojekyll" {
                assert!(!part.ends_with('.') && !part.starts_with('.'), "{file:?}");
            }
        }
    }
}

#[test]
fn hostile_tag_person_and_outlet_names_stay_inside_the_output() {
    let site = TempSite::new();
    let long = "x".repeat(5000);
    let long_unicode = "é".repeat(3000);
    let mut names: Vec<&str> = HOSTILE_NAMES.to_vec();
    names.push(&long);
    names.push(&long_unicode);
    let body: String = (0..names.len())
        .map(|i| format!("Sentence number {i} of the article.\n\n"))
        .collect();
    for (i, name) in names.iter().enumerate() {
        site.write(
            &format!("content/articles/a{i}.md"),
            &article_md(&format!("Article {i}"), name, "2017-06-01", "", &body),
        );
        let quote = format!("Sentence number {i} of");
        site.write(
            &format!("content/annotations/n{i}.md"),
            &annotation_md(
                &format!("Annotation {i}"),
                "2017-06-01",
                &[name],
                &[name],
                &[(&format!("a{i}"), &quote)],
                "",
                "Commentary.",
            ),
        );
    }
    let compiled = site.compile();
    if compiled.files.is_none() {
        // Refusing a name is fine, as long as it is reported.
        let printed = printed(&compiled);
        assert!(!printed.is_empty());
        eprintln!("hostile names refused:\n{printed}");
        return;
    }
    let output = site.scratch().join("public");
    build_into(&site.root, &output);
    // Nothing was written beside the output or in the site.
    assert_eq!(entries(site.scratch()), ["public", "site"]);
    assert!(!Path::new("/tmp/escaped").exists());
    assert_portable_paths(&output);
    // Every term got its own page.
    let site_model = compiled.site.expect("built");
    for (section, terms) in [
        ("tags", &site_model.tags),
        ("people", &site_model.people),
        ("outlets", &site_model.outlets),
    ] {
        let slugs: BTreeSet<&str> = terms.iter().map(|t| t.slug.as_str()).collect();
        assert_eq!(slugs.len(), terms.len(), "two {section} share a page");
        for term in terms {
            assert!(
                output
                    .join(section)
                    .join(&term.slug)
                    .join("index.html")
                    .is_file(),
                "no page for {section} {:?}",
                term.name
            );
        }
    }
}

/// Each name's page lists exactly the annotations that carry that exact name.
fn assert_term_pages(
    output: &Path,
    section: &str,
    terms: &[newsline::model::Term],
    titles: &[(&str, &str)],
) {
    for (name, title) in titles {
        let term = terms
            .iter()
            .find(|t| t.name == *name)
            .unwrap_or_else(|| panic!("no {section} named {name:?}"));
        let page =
            std::fs::read_to_string(output.join(section).join(&term.slug).join("index.html"))
                .unwrap_or_else(|e| panic!("{section} page of {name:?}: {e}"));
        let text: String = scraper::Html::parse_document(&page)
            .root_element()
            .text()
            .collect();
        assert!(
            text.contains(title),
            "{section} page of {name:?} lacks {title:?}"
        );
        for (other_name, other) in titles {
            if other_name != name {
                assert!(
                    !text.contains(other),
                    "{section} page of {name:?} shows {other:?}, which belongs to {other_name:?}"
                );
            }
        }
    }
}

#[test]
fn names_differing_by_case_or_normalisation_keep_their_own_pages() {
    let site = TempSite::new();
    let names = ["Trump", "trump", "Café", "Cafe\u{301}", "TRUMP"];
    let titles = [
        "Entry Alpha",
        "Entry Bravo",
        "Entry Charlie",
        "Entry Delta",
        "Entry Echo",
    ];
    let body: String = (0..names.len())
        .map(|i| format!("Line {i} of the report.\n\n"))
        .collect();
    for (i, name) in names.iter().enumerate() {
        site.write(
            &format!("content/articles/a{i}.md"),
            &article_md(&format!("Article {i}"), name, "2017-06-01", "", &body),
        );
        site.write(
            &format!("content/annotations/n{i}.md"),
            &annotation_md(
                titles[i],
                "2017-06-01",
                &[name],
                &[name],
                &[(&format!("a{i}"), &format!("Line {i} of"))],
                "",
                "Commentary.",
            ),
        );
    }
    let output = site.scratch().join("public");
    let compiled = build_into(&site.root, &output);
    let model = compiled.site.expect("built");
    let pairs: Vec<(&str, &str)> = names.iter().copied().zip(titles.iter().copied()).collect();
    assert_term_pages(&output, "tags", &model.tags, &pairs);
    assert_term_pages(&output, "people", &model.people, &pairs);
    // Outlet pages list articles, titled "Article i".
    let article_titles: Vec<String> = (0..names.len()).map(|i| format!("Article {i}")).collect();
    let pairs: Vec<(&str, &str)> = names
        .iter()
        .copied()
        .zip(article_titles.iter().map(String::as_str))
        .collect();
    assert_term_pages(&output, "outlets", &model.outlets, &pairs);
    // Ten pages, ten distinct folders on a case-insensitive file system too.
    for section in ["tags", "people", "outlets"] {
        let folders: BTreeSet<String> = entries(&output.join(section))
            .into_iter()
            .filter(|n| n != "index.html")
            .map(|n| n.to_lowercase())
            .collect();
        assert_eq!(folders.len(), names.len(), "{section}: {folders:?}");
    }
}

/// File names become slugs and output folders: odd ones are refused with a diagnostic
/// (never written somewhere else), valid ones stay portable.
#[test]
fn odd_file_names_are_refused_or_stay_portable() {
    let long = format!("{}.md", "a".repeat(240));
    let odd = [
        "Café.md",
        "e\u{301}.md",
        "UPPER.md",
        "two words.md",
        "..md",
        "-lead.md",
        "trail-.md",
        "a--b.md",
        "tab\tname.md",
        "back\\slash.md",
        long.as_str(),
    ];
    for name in odd {
        assert_refused_or_portable(name);
    }
}

/// `con`, `aux`, `nul`, `com1`… are device names on Windows: a folder of that name cannot be
/// created or checked out there, so such a file slug is refused like any other bad slug.
#[test]
fn windows_device_names_as_file_slugs_are_refused() {
    for name in ["con.md", "aux.md", "nul.md", "com1.md", "lpt9.md", "prn.md"] {
        assert_refused_or_portable(name);
    }
}

#[track_caller]
fn assert_refused_or_portable(name: &str) {
    {
        let site = TempSite::new();
        // A valid entry, so the timeline is not empty whatever happens to the odd files.
        site.article("ok", "Ok", "2017-06-01", "Fine text.\n");
        site.annotation("ok", "2017-06-01", "ok", "Fine text", "");
        site.write(
            &format!("content/articles/{name}"),
            &article_md("A", "Outlet", "2017-06-01", "", "Some text here.\n"),
        );
        site.write(
            &format!("content/annotations/{name}"),
            &annotation_md(
                "N",
                "2017-06-01",
                &[],
                &[],
                &[("ok", "Fine text")],
                "",
                "Commentary.",
            ),
        );
        let compiled = site.compile();
        match &compiled.files {
            None => assert!(
                compiled
                    .diagnostics
                    .iter()
                    .all(|d| d.code == "invalid-slug"),
                "{name:?} refused, but not for its slug:\n{}",
                printed(&compiled)
            ),
            Some(_) => {
                let output = site.scratch().join("public");
                build_into(&site.root, &output);
                assert_eq!(entries(site.scratch()), ["public", "site"]);
                assert_portable_paths(&output);
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// The output folder may never hold or sit inside the site's sources.

fn sources_site() -> TempSite {
    let site = TempSite::new();
    site.article("a", "A", "2017-06-01", "Some text here.\n");
    site.write(
        "content/annotations/n.md",
        &annotation_md(
            "N",
            "2017-06-01",
            &[],
            &[],
            &[("a", "Some text")],
            "",
            "Commentary.",
        ),
    );
    site.write("templates/custom.html", "<p>custom</p>");
    site.write("static/extra.css", "p {}");
    site.write("README.md", "my notes");
    site
}

/// Runs `newsline build --root ROOT --output OUTPUT` and checks it refused without touching
/// anything in the scratch folder (site and beside it).
#[track_caller]
fn assert_refused(site: &TempSite, output: &str, cwd: &Path) {
    let before = snapshot(site.scratch());
    let result = std::process::Command::new(env!("CARGO_BIN_EXE_newsline"))
        .current_dir(cwd)
        .args(["build", "--root"])
        .arg(&site.root)
        .args(["--output", output])
        .output()
        .expect("run newsline");
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(
        !result.status.success(),
        "--output {output:?} was accepted:\n{stderr}"
    );
    assert!(stderr.contains("refusing"), "--output {output:?}: {stderr}");
    assert_eq!(
        snapshot(site.scratch()),
        before,
        "--output {output:?} changed files"
    );
}

#[test]
fn output_folder_that_holds_the_sources_is_refused_before_anything_is_deleted() {
    let site = sources_site();
    let root = site.root.to_string_lossy().into_owned();
    let scratch = site.scratch().to_string_lossy().into_owned();
    for output in [
        root.clone(),
        format!("{root}/"),
        format!("{root}/."),
        format!("{root}/content"),
        format!("{root}/content/"),
        format!("{root}/content/articles"),
        format!("{root}/content/new-folder"),
        format!("{root}/templates"),
        format!("{root}/static"),
        format!("{root}/static/sub"),
        format!("{root}/public/../content"),
        format!("{root}/content/../content/./"),
        scratch.clone(),
    ] {
        assert_refused(&site, &output, site.scratch());
    }
    // Relative to the working folder.
    for output in [
        ".",
        "./",
        "content",
        "content/..",
        "templates",
        "static",
        "..",
    ] {
        assert_refused(&site, output, &site.root);
    }
}

#[test]
fn output_reached_through_a_symlink_to_the_sources_is_refused() {
    let site = sources_site();
    let link = site.root.join("public");
    std::os::unix::fs::symlink(site.root.join("content"), &link).unwrap();
    assert_refused(&site, &link.to_string_lossy(), site.scratch());
    let up = site.scratch().join("up");
    std::os::unix::fs::symlink(&site.root, &up).unwrap();
    assert_refused(&site, &up.to_string_lossy(), site.scratch());
}

/// An existing file is not an output folder: replacing it with the site would lose it.
#[test]
fn output_that_is_an_existing_file_is_refused() {
    let site = sources_site();
    let file = site.root.join("README.md");
    assert_refused(&site, &file.to_string_lossy(), site.scratch());
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "my notes");
}

#[test]
fn a_normal_output_folder_is_accepted() {
    let site = sources_site();
    let output = site.root.join("public");
    let result = newsline(&[
        "build",
        "--root",
        &site.root.to_string_lossy(),
        "--output",
        &output.to_string_lossy(),
    ]);
    assert!(
        result.status.success(),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    assert!(output.join("index.html").is_file());
    assert_eq!(
        std::fs::read_to_string(site.root.join("README.md")).unwrap(),
        "my notes"
    );
}
