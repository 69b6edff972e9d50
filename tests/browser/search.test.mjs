// Full-text search, served under /repo/: typing on the search page lists results from the
// Pagefind index whose links stay under the sub-path and open the right page; the section
// filter narrows them; the header form submits to the search page with the query filled in;
// it all works from the keyboard; without JavaScript, or from file://, the page says why and
// links to the ways to browse; markup in titles and text is shown as text, never run.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { test } from 'node:test';

import { watchedContext } from './lib/browser.mjs';
import { useBundledSite } from './lib/session.mjs';
import { startServer } from './lib/server.mjs';
import { newslineBinary } from './lib/site.mjs';

const RESULT_LINKS = '#search_results li .search-result-title a';

let site;
let browser;
let watched;
useBundledSite((opened) => ({ site, browser, watched } = opened));

/** The results shown: link, title, the meta line and the marked words of the excerpt. */
function results(page) {
  return page.$$eval('#search_results li', (items) =>
    items.map((item) => {
      const link = item.querySelector('.search-result-title a');
      return {
        href: link?.href ?? null,
        title: link?.textContent ?? '',
        meta: item.querySelector('.search-result-meta')?.textContent ?? '',
        marks: [...item.querySelectorAll('.search-result-excerpt mark')].map((m) => m.textContent),
        excerptHtml: item.querySelector('.search-result-excerpt')?.innerHTML ?? '',
      };
    }),
  );
}

/** Waits until the live region announces a finished search; returns its text. */
async function waitForStatus(page, pattern) {
  const status = page.locator('#search_status');
  await page.waitForFunction(
    (source) => new RegExp(source).test(document.getElementById('search_status')?.textContent ?? ''),
    pattern.source,
  );
  return status.textContent();
}

test('typing a word lists results that link under the sub-path to the right page', { timeout: 120_000 }, async () => {
  const page = await watched.newPage();
  await page.goto(site.url('search/index.html'));
  assert.equal(await page.locator('#search_fallback').isVisible(), false, 'the no-JS text is hidden');
  assert.equal(await page.getAttribute('#search_status', 'role'), 'status', 'the count is announced');
  await page.locator('#search_q').pressSequentially('Kislyak', { delay: 20 });
  const status = await waitForStatus(page, /^\d+ results? for “Kislyak”/);
  const found = await results(page);
  assert.ok(found.length >= 3, `few results: ${status}`);
  assert.equal(status.match(/^\d+/)[0], String(found.length));
  for (const result of found) {
    assert.ok(result.href?.startsWith(site.base), `${result.href} is not under ${site.base}`);
    assert.match(new URL(result.href).pathname, /^\/repo\/(articles|annotations)\/[a-z0-9-]+\/$/);
    assert.ok(result.title.length > 0);
  }
  assert.ok(found.some((r) => r.href.includes('/articles/')), 'articles are found');
  assert.ok(found.some((r) => r.href.includes('/annotations/')), 'annotations are found');
  const marked = found.flatMap((r) => r.marks);
  assert.ok(marked.length > 0 && marked.every((m) => /kislyak/i.test(m)), `marked words: ${marked.join(', ')}`);
  // The excerpt is text plus <mark> elements the script made, nothing else.
  for (const result of found) assert.doesNotMatch(result.excerptHtml.replace(/<\/?mark>/g, ''), /<[a-z]/i);
  assert.equal(new URL(page.url()).searchParams.get('q'), 'Kislyak', 'the query is kept in the URL');

  const annotation = found.find((r) => r.href.endsWith('/annotations/who-is-kislyak/'));
  assert.ok(annotation, 'the annotation about Kislyak is found');
  assert.match(annotation.meta, /Context/);
  await page.click(`${RESULT_LINKS}[href="${annotation.href}"]`);
  await page.waitForURL(annotation.href);
  assert.equal((await page.locator('h1').first().textContent()).trim(), annotation.title);

  const article = found.find((r) => r.href.endsWith('/articles/palmer-report-2017-07-21/'));
  assert.ok(article, 'the article that names him is found');
  assert.match(article.meta, /Article · Palmer Report · 21–22 July 2017/);
  assert.deepEqual(watched.problems, []);
  await page.close();
});

test('the section filter narrows the results and is kept in the URL', { timeout: 120_000 }, async () => {
  const page = await watched.newPage();
  await page.goto(site.url('search/index.html?q=Kislyak'));
  await waitForStatus(page, /^\d+ results? for “Kislyak”\.?/);
  const all = await results(page);

  await page.check('input[name="section"][value="Articles"]');
  await waitForStatus(page, /results? for “Kislyak” in articles/);
  const articles = await results(page);
  assert.ok(articles.length > 0 && articles.length < all.length, `${articles.length} of ${all.length}`);
  assert.ok(articles.every((r) => r.href.includes('/articles/')), 'only articles');
  assert.equal(new URL(page.url()).searchParams.get('section'), 'Articles');

  await page.check('input[name="section"][value="Annotations"]');
  await waitForStatus(page, /results? for “Kislyak” in annotations/);
  const annotations = await results(page);
  assert.ok(annotations.every((r) => r.href.includes('/annotations/')), 'only annotations');
  assert.equal(articles.length + annotations.length, all.length);

  // A shared link restores the filter.
  await page.goto(site.url('search/index.html?q=Kislyak&section=Articles'));
  await waitForStatus(page, /in articles/);
  assert.equal(await page.isChecked('input[name="section"][value="Articles"]'), true);
  assert.deepEqual(watched.problems, []);
  await page.close();
});

test('the header form submits to the search page with the query filled in', { timeout: 120_000 }, async () => {
  const page = await watched.newPage();
  await page.goto(site.url('articles/palmer-report-2017-07-21/'));
  const form = page.locator('header form[role="search"]');
  assert.equal(await form.count(), 1);
  await page.getByLabel('Search articles and annotations').fill('Rosenstein');
  await page.keyboard.press('Enter');
  await page.waitForURL((url) => url.pathname === '/repo/search/index.html');
  assert.equal(new URL(page.url()).searchParams.get('q'), 'Rosenstein');
  assert.equal(await page.inputValue('#search_q'), 'Rosenstein');
  await waitForStatus(page, /^\d+ results? for “Rosenstein”/);
  assert.ok((await results(page)).length > 0);
  assert.deepEqual(watched.problems, []);
  await page.close();
});

test('search works from the keyboard alone', { timeout: 120_000 }, async () => {
  const page = await watched.newPage();
  await page.goto(site.url('search/index.html'));
  await page.focus('#search_q');
  await page.keyboard.type('Kislyak');
  await page.keyboard.press('Enter');
  await waitForStatus(page, /^\d+ results? for “Kislyak”\./);
  // Tab to the search button, then into the section radios; arrows pick a section.
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('name')), 'section');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await waitForStatus(page, /in annotations/);
  // The next Tab reaches the first result; Enter opens it.
  await page.keyboard.press('Tab');
  const focused = await page.evaluate(() => document.activeElement?.href ?? null);
  const first = (await results(page))[0];
  assert.equal(focused, first.href);
  await page.keyboard.press('Enter');
  await page.waitForURL(first.href);
  assert.deepEqual(watched.problems, []);
  await page.close();
});

test('without JavaScript the search page links to the ways to browse', { timeout: 120_000 }, async () => {
  const off = await watchedContext(browser, site, { javaScriptEnabled: false });
  try {
    const page = await off.newPage();
    await page.goto(site.url('index.html'));
    // The header form still leads to the search page, which explains itself.
    await page.getByLabel('Search articles and annotations').fill('Kislyak');
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.pathname === '/repo/search/index.html');
    assert.equal(await page.locator('#search_form').isVisible(), false, 'no form that cannot work');
    assert.match(await page.locator('#search_fallback').textContent(), /Search needs JavaScript/);
    const links = await page.$$eval('#search_fallback a', (as) => as.map((a) => [a.textContent.trim(), a.href]));
    const expected = {
      'The timeline': 'index.html',
      'The source articles': 'articles/index.html',
      'All annotations': 'annotations/index.html',
      Tags: 'tags/index.html',
      people: 'people/index.html',
      outlets: 'outlets/index.html',
    };
    assert.deepEqual(Object.fromEntries(links), Object.fromEntries(Object.entries(expected).map(([t, p]) => [t, site.url(p)])));
    for (const [, href] of links) {
      const response = await page.goto(href);
      assert.equal(response.status(), 200, href);
    }
    assert.deepEqual(off.problems, []);
  } finally {
    await off.context.close();
  }
});

test('opened from file://, the search page says it needs HTTP', { timeout: 60_000 }, async () => {
  const page = await watched.newPage();
  await page.goto(`${pathToFileURL(join(site.dir, 'search', 'index.html')).href}?q=Kislyak`);
  assert.match(await page.locator('#search_fallback').textContent(), /served over HTTP/);
  assert.equal(await page.locator('#search_form').isVisible(), false);
  assert.deepEqual(watched.problems, []);
  await page.close();
});

test('markup in titles and text comes out of search as text, never as elements', { timeout: 120_000 }, async () => {
  const payload = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>';
  const dir = await mkdtemp(join(tmpdir(), 'newsline-search-xss-'));
  let root = null;
  const server = await startServer({ getRoot: () => root });
  try {
    await mkdir(join(dir, 'content', 'articles'), { recursive: true });
    await mkdir(join(dir, 'content', 'annotations'), { recursive: true });
    const toml = (text) => JSON.stringify(text);
    await writeFile(
      join(dir, 'content', 'site.toml'),
      'title = "T"\ndescription = "D"\nbase_url = "https://example.org/"\nlanguage = "en"\n[build]\nsearch = true\n[timeline]\nstart = "2017"\nend = "2017"\n',
    );
    await writeFile(
      join(dir, 'content', 'articles', 'hostile.md'),
      `+++\ntitle = ${toml(`Zanzibar ${payload}`)}\noutlet = ${toml(`Outlet ${payload}`)}\npublished = "2017-06-01"\n+++\nThe zanzibar text &lt;b&gt; ${payload} ends here.\n`,
    );
    await writeFile(
      join(dir, 'content', 'annotations', 'note.md'),
      `+++\ntitle = ${toml(`Note ${payload}`)}\ndate = "2017-06-01"\n[[anchors]]\narticle = "hostile"\nquote = "The zanzibar text"\n+++\nZanzibar commentary ${payload}\n`,
    );
    const out = join(dir, 'site');
    await promisify(execFile)(await newslineBinary(), ['build', '--root', dir, '--output', out]);
    root = out;
    const hostile = { origin: server.origin };
    const watchedHostile = await watchedContext(browser, hostile);
    try {
      const page = await watchedHostile.newPage();
      await page.goto(`${server.origin}/repo/search/index.html?q=zanzibar`);
      await waitForStatus(page, /^2 results for “zanzibar”/);
      const found = await results(page);
      assert.deepEqual(found.map((r) => r.title).sort(), [`Note ${payload}`, `Zanzibar ${payload}`]);
      assert.equal(await page.locator('#search_results img, #search_results script').count(), 0);
      for (const result of found) assert.doesNotMatch(result.excerptHtml.replace(/<\/?mark>/g, ''), /<[a-z]/i);
      assert.equal(await page.evaluate(() => window.__xss), undefined);
      assert.deepEqual(watchedHostile.problems, []);
    } finally {
      await watchedHostile.context.close();
    }
  } finally {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  }
});
