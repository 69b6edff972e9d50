// Screenshots of the timeline, an article, an annotation and search results, desktop
// (1366 px) and mobile (390 px), light and dark, saved to target/screenshots/ for people to
// look at (CI prints their paths).
// The test asserts only that nothing overflows sideways: a page wider than the screen is a
// layout bug a screenshot shows but no other test catches.

import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { after, before, test } from 'node:test';

import { launch, watchedContext } from './lib/browser.mjs';
import { largest, pageKinds, REPO, startSite } from './lib/site.mjs';

const OUT = process.env.SCREENSHOT_DIR ?? join(REPO, 'target', 'screenshots');
/** Full-page shots are cut here: enough to judge the layout, small enough to look at. */
const MAX_HEIGHT = 5000;

let site;
let browser;

before(async () => {
  site = await startSite();
  browser = await launch();
  await mkdir(OUT, { recursive: true });
});

after(async () => {
  await browser?.close();
  await site?.close();
});

const VIEWPORTS = {
  desktop: { viewport: { width: 1366, height: 900 } },
  mobile: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 },
};

for (const [device, options] of Object.entries(VIEWPORTS)) {
  for (const scheme of ['light', 'dark']) {
    test(`screenshots: ${device}, ${scheme}`, { timeout: 300_000 }, async (t) => {
      const watched = await watchedContext(browser, site, { ...options, colorScheme: scheme });
      try {
        const page = await watched.newPage();
        const targets = {
          timeline: 'index.html',
          article: await largest(site.dir, pageKinds(site.htmlFiles).articles),
          annotation: await largest(site.dir, pageKinds(site.htmlFiles).annotations),
          search: 'search/index.html?q=Kislyak',
        };
        const overflow = [];
        for (const [name, path] of Object.entries(targets)) {
          await page.goto(site.url(path), { waitUntil: 'load' });
          await page.evaluate(() => document.fonts.ready);
          if (name === 'search') await page.locator('#search_results li a').first().waitFor();
          const base = join(OUT, `${name}-${device}-${scheme}`);
          await page.screenshot({ path: `${base}.png` });
          const height = await page.evaluate(() => document.documentElement.scrollHeight);
          // A tall viewport instead of `fullPage`: Chromium without a GPU stalls on full-page
          // captures of pages as long as the timeline (30,000 px and more).
          await page.setViewportSize({ width: options.viewport.width, height: Math.min(height, MAX_HEIGHT) });
          await page.screenshot({ path: `${base}-full.png`, timeout: 180_000 });
          await page.setViewportSize(options.viewport);
          t.diagnostic(`${path} -> ${relative(REPO, base)}.png, -full.png (top ${Math.min(height, MAX_HEIGHT)} of ${height}px)`);
          const wide = await page.evaluate(() => {
            const limit = document.documentElement.clientWidth;
            const culprits = [...document.querySelectorAll('body *')]
              .filter((e) => e.getBoundingClientRect().right > limit + 1 && e.checkVisibility() && !e.closest('[class*="scroll"]'))
              .slice(0, 5)
              .map((e) => `<${e.tagName.toLowerCase()} class="${e.className?.baseVal ?? e.className}">`);
            return { scrollWidth: document.documentElement.scrollWidth, limit, culprits };
          });
          if (wide.scrollWidth > wide.limit + 1) {
            overflow.push(`${path}: page is ${wide.scrollWidth}px wide on a ${wide.limit}px screen; e.g. ${wide.culprits.join(', ')}`);
          }
        }
        assert.deepEqual(overflow, [], 'horizontal overflow');
        assert.deepEqual(watched.problems, []);
      } finally {
        await watched.context.close();
      }
    });
  }
}
