// axe-core on one page of every kind (the largest of each kind: the one most likely to show a
// problem), in the light and the dark colour scheme, plus the not-found page as served for a
// missing URL, and the search page before and after a search. WCAG 2.0, 2.1 and 2.2, levels
// A and AA.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { describeViolations, launch, runAxe, stylesheetApplied, watchedContext } from './lib/browser.mjs';
import { largest, pageKinds, startSite } from './lib/site.mjs';

let site;
let browser;
const pages = {};

before(async () => {
  site = await startSite();
  browser = await launch();
  const kinds = pageKinds(site.htmlFiles);
  const fixed = {
    'timeline (index.html)': 'index.html',
    'articles list': 'articles/index.html',
    'annotations list': 'annotations/index.html',
    'sources': 'sources/index.html',
    'tags list': 'tags/index.html',
    'people list': 'people/index.html',
    'outlets list': 'outlets/index.html',
    '404 page': '404.html',
    'search page': 'search/index.html',
    'search results': 'search/index.html?q=Kislyak',
  };
  Object.assign(pages, fixed);
  for (const [name, group] of Object.entries({
    'article page': kinds.articles,
    'annotation page': kinds.annotations,
    'tag page': kinds.tags,
    'person page': kinds.people,
    'outlet page': kinds.outlets,
    'later timeline page': kinds.timeline.filter((f) => f !== 'index.html'),
  })) {
    if (group.length) pages[name] = await largest(site.dir, group);
    else if (name !== 'later timeline page') pages[name] = null;
  }
});

after(async () => {
  await browser?.close();
  await site?.close();
});

for (const scheme of ['light', 'dark']) {
  describe(`axe, ${scheme} colour scheme`, () => {
    const names = [
      'timeline (index.html)', 'later timeline page', 'article page', 'annotation page', 'tag page', 'tags list',
      'person page', 'people list', 'outlet page', 'outlets list', 'articles list', 'annotations list', 'sources',
      '404 page', 'missing URL (404 served)', 'search page', 'search results',
    ];
    for (const name of names) {
      test(name, { timeout: 180_000 }, async (t) => {
        let path = pages[name];
        if (name === 'later timeline page' && !path) return t.skip('the timeline has one page');
        if (name === 'missing URL (404 served)') path = 'no/such/page/';
        assert.ok(path, `no ${name} was built`);
        const watched = await watchedContext(browser, site, { colorScheme: scheme });
        try {
          const page = await watched.newPage();
          const url = site.url(path);
          if (name === 'missing URL (404 served)') watched.expectNotFound(url);
          await page.emulateMedia({ colorScheme: scheme });
          const response = await page.goto(url, { waitUntil: 'load' });
          assert.equal(response.status(), name === 'missing URL (404 served)' ? 404 : 200, `status of ${url}`);
          assert.ok(await stylesheetApplied(page), `${path}: no stylesheet applied`);
          // Results are filled in by static/search.js from the Pagefind index.
          if (name === 'search results') await page.locator('#search_results li a').first().waitFor();
          const { violations } = await runAxe(page);
          assert.equal(violations.length, 0, `${path} (${scheme}): ${violations.length} axe rules violated:\n${describeViolations(violations)}`);
          assert.deepEqual(watched.problems, [], `${path} (${scheme}): console errors or failed requests`);
        } finally {
          await watched.context.close();
        }
      });
    }
  });
}
