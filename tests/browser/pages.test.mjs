// Every page of the built site, opened in Chromium with JavaScript on: it answers 200, its
// stylesheet applies, and it logs no console error, throws nothing, makes no failed request and
// no request to any host but the local server.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { launch, stylesheetApplied, watchedContext } from './lib/browser.mjs';
import { startSite } from './lib/site.mjs';

let site;
let browser;

before(async () => {
  site = await startSite();
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await site?.close();
});

test('every page loads cleanly', { timeout: 900_000 }, async () => {
  const watched = await watchedContext(browser, site);
  const page = await watched.newPage();
  const bad = [];
  try {
    for (const path of site.htmlFiles) {
      try {
        const response = await page.goto(site.url(path), { waitUntil: 'load' });
        if (response.status() !== 200) bad.push(`${path}: HTTP ${response.status()}`);
        if (!(await stylesheetApplied(page))) bad.push(`${path}: no stylesheet applied`);
        if (!(await page.title()).trim()) bad.push(`${path}: empty <title>`);
      } catch (error) {
        bad.push(`${path}: ${error.message.split('\n')[0]}`);
      }
    }
  } finally {
    await watched.context.close();
  }
  assert.deepEqual([...bad, ...watched.problems], [], `problems on ${site.htmlFiles.length} pages`);
});

test('a missing URL gets the styled not-found page with status 404', { timeout: 120_000 }, async () => {
  const watched = await watchedContext(browser, site);
  try {
    const page = await watched.newPage();
    const url = site.url('articles/no-such-article/');
    watched.expectNotFound(url);
    const response = await page.goto(url, { waitUntil: 'load' });
    assert.equal(response.status(), 404);
    assert.ok(await stylesheetApplied(page), 'the 404 page served at a nested URL has no stylesheet: its links must not be relative');
    // Its links lead back into the site from any depth.
    const home = await page.evaluate(() => [...document.querySelectorAll('a[href]')].map((a) => a.href));
    assert.ok(home.some((href) => href === new URL('/repo/', href).href || href.endsWith('/repo/index.html')), `no link to the site's home among ${home.join(', ')}`);
    assert.deepEqual(watched.problems, []);
  } finally {
    await watched.context.close();
  }
});
