// One served bundled site, one Chromium and one watched context for all the tests of a file:
// the `before` and `after` hooks that most test files need, registered in one call.

import { after, before } from 'node:test';

import { launch, watchedContext } from './browser.mjs';
import { startSite } from './site.mjs';

/**
 * Registers hooks that open the site, the browser and a watched context before the file's
 * tests and close them after; `opened` receives `{ site, browser, watched }` once they exist.
 */
export function useBundledSite(opened) {
  const session = {};
  before(async () => {
    const site = await startSite();
    session.site = site;
    const browser = await launch();
    session.browser = browser;
    session.watched = await watchedContext(browser, site);
    opened(session);
  });
  after(async () => {
    await session.watched?.context.close();
    await session.browser?.close();
    await session.site?.close();
  });
}
