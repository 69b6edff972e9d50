//! The small files a static host and crawlers look for: `.nojekyll` (GitHub Pages must
//! serve the output as it is, not run Jekyll over it), `robots.txt`, `sitemap.xml`, and
//! `CNAME` when the site has a custom domain.

use std::borrow::Cow;

use rayon::prelude::*;

use super::{linked_page_paths, text_file, xml_escape};
use crate::model::Site;
use crate::render::OutputFile;

/// `.nojekyll`, `robots.txt`, the sitemap and, when `cname` is set, `CNAME`. A sitemap
/// needs absolute URLs, so a site whose base URL is only a path (`/repo/`) has none.
pub fn site_files(site: &Site) -> Vec<OutputFile> {
    let mut files = vec![
        OutputFile {
            path: ".nojekyll".to_string(),
            bytes: Cow::Borrowed(b""),
        },
        text_file("robots.txt", robots_txt(site)),
    ];
    if has_host(site) {
        files.extend(sitemaps(site));
    }
    if let Some(cname) = site.config.cname.as_deref().map(str::trim)
        && !cname.is_empty()
    {
        files.push(text_file("CNAME", format!("{cname}\n")));
    }
    files
}

/// True when the base URL is absolute (`https://host/…`), not just a path.
fn has_host(site: &Site) -> bool {
    site.base.absolute.contains("://")
}

/// Allows everything and names the sitemap, when there is one. Crawlers read `robots.txt`
/// only at a domain's root, so under a sub-path (a project site) it is harmless but unused.
pub fn robots_txt(site: &Site) -> String {
    let mut text = String::from("User-agent: *\nAllow: /\n");
    if has_host(site) {
        text.push_str(&format!("\nSitemap: {}sitemap.xml\n", site.base.absolute));
    }
    text
}

/// The sitemap protocol's limit of URLs per file.
pub const SITEMAP_LIMIT: usize = 50_000;

/// Every linked HTML page by its canonical absolute URL, sorted. No `<lastmod>`: the
/// content has no modification dates, and the build time would make builds differ.
///
/// Up to [`SITEMAP_LIMIT`] pages this is one `sitemap.xml`; above it, `sitemap.xml` is a
/// sitemap index of `sitemap-1.xml`, `sitemap-2.xml`, … so `robots.txt` need not change.
pub fn sitemaps(site: &Site) -> Vec<OutputFile> {
    // In parallel: at 50,000 annotations this is 70,000 URLs, and it was the one serial
    // step in its branch of the exports.
    let mut urls: Vec<String> = linked_page_paths(site)
        .into_par_iter()
        .map(|path| {
            let folder = path.strip_suffix("index.html").unwrap_or(&path);
            format!("{}{folder}", site.base.absolute)
        })
        .collect();
    urls.par_sort_unstable();
    urls.dedup();
    sitemap_files(&site.base.absolute, &urls, SITEMAP_LIMIT)
}

/// One `sitemap.xml` with `urls`, or, above `limit`, an index of numbered sitemaps.
fn sitemap_files(base: &str, urls: &[String], limit: usize) -> Vec<OutputFile> {
    if urls.len() <= limit {
        return vec![text_file("sitemap.xml", url_set(urls))];
    }
    let mut files = Vec::new();
    let mut index = String::from(XML_DECLARATION);
    index.push_str("<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for (number, chunk) in urls.chunks(limit.max(1)).enumerate() {
        let name = format!("sitemap-{}.xml", number + 1);
        index.push_str("  <sitemap><loc>");
        index.push_str(&xml_escape(&format!("{base}{name}")));
        index.push_str("</loc></sitemap>\n");
        files.push(text_file(&name, url_set(chunk)));
    }
    index.push_str("</sitemapindex>\n");
    files.insert(0, text_file("sitemap.xml", index));
    files
}

const XML_DECLARATION: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";

fn url_set(urls: &[String]) -> String {
    let mut xml = String::with_capacity(128 + urls.len() * 80);
    xml.push_str(XML_DECLARATION);
    xml.push_str("<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for url in urls {
        xml.push_str("  <url><loc>");
        xml.push_str(&xml_escape(url));
        xml.push_str("</loc></url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(file: &OutputFile) -> (&str, &str) {
        (
            file.path.as_str(),
            std::str::from_utf8(&file.bytes).unwrap(),
        )
    }

    #[test]
    fn above_the_limit_the_sitemap_becomes_an_index_of_numbered_sitemaps() {
        let urls: Vec<String> = ["https://h/a/", "https://h/b/", "https://h/c&d/"]
            .map(String::from)
            .to_vec();
        let files = sitemap_files("https://h/", &urls, 2);
        let texts: Vec<(&str, &str)> = files.iter().map(text).collect();
        assert_eq!(
            texts,
            [
                (
                    "sitemap.xml",
                    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
                     <sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n\
                     \x20 <sitemap><loc>https://h/sitemap-1.xml</loc></sitemap>\n\
                     \x20 <sitemap><loc>https://h/sitemap-2.xml</loc></sitemap>\n\
                     </sitemapindex>\n"
                ),
                (
                    "sitemap-1.xml",
                    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
                     <urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n\
                     \x20 <url><loc>https://h/a/</loc></url>\n\
                     \x20 <url><loc>https://h/b/</loc></url>\n\
                     </urlset>\n"
                ),
                (
                    "sitemap-2.xml",
                    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
                     <urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n\
                     \x20 <url><loc>https://h/c&amp;d/</loc></url>\n\
                     </urlset>\n"
                ),
            ]
        );
        assert_eq!(sitemap_files("https://h/", &urls, 3).len(), 1);
    }
}
