// Debian's Chromium driven by playwright-core (no browser download: the machine's own
// /usr/bin/chromium, each launch with a fresh temporary profile), and a watcher that records
// everything a page should never do: console errors, uncaught exceptions, failed or non-2xx
// requests and requests to anything but the local test server.

import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';

import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Generous: CI machines are small and shared. */
export const TIMEOUT = 60_000;

export async function launch() {
  // playwright gives every launch a new temporary user-data-dir, removed at close.
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    timeout: TIMEOUT,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--no-default-browser-check',
    ],
  });
}

/**
 * A new context whose pages are watched. Requests to any host but the test server are
 * recorded and aborted (the CI machine has no internet: they would only hang or fail).
 * Returns { context, problems, newPage, expectNotFound(url) }.
 */
export async function watchedContext(browser, site, options = {}) {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, ...options });
  context.setDefaultTimeout(TIMEOUT);
  context.setDefaultNavigationTimeout(TIMEOUT);
  const problems = [];
  const allowedNotFound = new Set();
  const local = new URL(site.origin).host;
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if ((url.protocol === 'http:' || url.protocol === 'https:') && url.host !== local) {
      problems.push(`third-party request: ${route.request().method()} ${url.href}`);
      return route.abort('blockedbyclient');
    }
    return route.continue();
  });
  const watch = (page) => {
    const where = () => page.url();
    page.on('console', (message) => {
      if (message.type() === 'error') {
        const location = message.location();
        // Chromium logs every 4xx answer as a console error: one that the test asked for is not a problem.
        if (message.text().startsWith('Failed to load resource') && allowedNotFound.has(location?.url)) return;
        problems.push(
          `console ${message.type()} on ${where()}: ${message.text()}` +
            (location?.url ? ` (${location.url}:${location.lineNumber + 1})` : ''),
        );
      }
    });
    page.on('pageerror', (error) => problems.push(`uncaught exception on ${where()}: ${error.message}`));
    page.on('requestfailed', (request) => {
      const failure = request.failure()?.errorText ?? 'failed';
      if (failure.includes('ERR_BLOCKED_BY_CLIENT')) return; // already recorded as third-party
      // A navigation interrupted by another one (a test moving on) is not the page's fault.
      if (failure === 'net::ERR_ABORTED' && request.isNavigationRequest()) return;
      problems.push(`request failed on ${where()}: ${request.url()} (${failure})`);
    });
    page.on('response', (response) => {
      if (response.status() >= 400 && !allowedNotFound.has(response.url())) {
        problems.push(`HTTP ${response.status()} on ${where()}: ${response.url()}`);
      }
    });
  };
  context.on('page', watch);
  return {
    context,
    problems,
    newPage: () => context.newPage(),
    /** A URL that is meant to answer 404 (the not-found page test). */
    expectNotFound: (url) => allowedNotFound.add(url),
  };
}

let axeSource = null;

/**
 * Runs axe-core on the page for WCAG 2.0/2.1 A and AA and 2.2 AA. The source is evaluated
 * through the DevTools protocol, so a Content-Security-Policy of the page doesn't block it.
 */
export async function runAxe(page) {
  axeSource ??= await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
  if (!(await page.evaluate(() => typeof window.axe !== 'undefined'))) {
    await page.evaluate(axeSource);
  }
  return page.evaluate(() =>
    window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
      resultTypes: ['violations'],
    }),
  );
}

/** axe violations as readable lines: rule, impact, what to fix, and each element. */
export function describeViolations(violations) {
  const lines = [];
  for (const violation of violations) {
    lines.push(`  [${violation.impact}] ${violation.id}: ${violation.help} (${violation.helpUrl})`);
    for (const node of violation.nodes.slice(0, 12)) {
      lines.push(`    - ${node.target.join(' ')}`);
      lines.push(`      ${node.html.replace(/\s+/g, ' ').slice(0, 300)}`);
      const summary = node.failureSummary?.replace(/\s+/g, ' ').trim();
      if (summary) lines.push(`      ${summary.slice(0, 400)}`);
    }
    if (violation.nodes.length > 12) lines.push(`    … and ${violation.nodes.length - 12} more`);
  }
  return lines.join('\n');
}

/** Whether a stylesheet with rules applies to the page (a sheet that failed to load has none). */
export function stylesheetApplied(page) {
  return page.evaluate(() =>
    [...document.styleSheets].some((sheet) => {
      try {
        return sheet.cssRules.length > 0;
      } catch {
        return false;
      }
    }),
  );
}
