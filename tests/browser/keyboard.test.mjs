// Keyboard use: the first Tab reaches a visible skip link, which moves focus past the header;
// the site navigation follows it; and every element that Tab reaches is visible and shows a
// focus indicator (it looks different focused than not).

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { useBundledSite } from './lib/session.mjs';
import { largest, pageKinds } from './lib/site.mjs';

/** Tab stops checked per page: the header, filters, chart and many entries fit in this. */
const MAX_STOPS = 250;

let site;
let browser;
let watched;
useBundledSite((opened) => ({ site, browser, watched } = opened));

/** A short description of the focused element, for messages. */
function describeActive(page) {
  return page.evaluate(() => {
    const e = document.activeElement;
    if (!e || e === document.body) return 'body';
    const text = (e.getAttribute('aria-label') ?? e.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 60);
    const attributes = ['id', 'class', 'href', 'name', 'value', 'type']
      .filter((name) => e.hasAttribute(name))
      .map((name) => ` ${name}="${e.getAttribute(name)}"`)
      .join('');
    return `<${e.tagName.toLowerCase()}${attributes}> "${text}"`;
  });
}

/** The look of an element and its descendants (focus may be drawn on an inner SVG shape),
 * once running transitions have ended. */
function look(handle) {
  return handle.evaluate(async (element) => {
    const transitions = document.getAnimations().filter((a) => a instanceof CSSTransition);
    const timeout = new Promise((resolve) => setTimeout(resolve, 2000));
    await Promise.race([Promise.all(transitions.map((a) => a.finished.catch(() => {}))), timeout]);
    const props = [
      'outline-style', 'outline-width', 'outline-color', 'box-shadow', 'background-color', 'color',
      'border-top-color', 'border-bottom-color', 'border-bottom-width', 'text-decoration-line',
      'text-decoration-thickness', 'stroke', 'stroke-width', 'fill',
    ];
    return [element, ...[...element.querySelectorAll('*')].slice(0, 30)].map((e) => {
      const style = getComputedStyle(e);
      return props.map((p) => style.getPropertyValue(p)).join('|');
    });
  });
}

test('the first Tab reaches the skip link, then the site navigation', { timeout: 120_000 }, async () => {
  const page = await watched.newPage();
  await page.goto(site.url('index.html'));
  await page.keyboard.press('Tab');
  const skip = await page.evaluate(() => {
    const e = document.activeElement;
    const rect = e.getBoundingClientRect();
    return {
      tag: e.tagName,
      href: e.getAttribute('href'),
      text: e.textContent.trim(),
      onScreen: rect.width > 0 && rect.height > 0 && rect.top >= 0 && rect.bottom <= window.innerHeight,
    };
  });
  assert.equal(skip.tag, 'A', `first Tab reached ${await describeActive(page)}, not a skip link`);
  assert.match(skip.href ?? '', /^#./, 'the first link is not an in-page skip link');
  assert.match(skip.text, /skip/i, `the first link "${skip.text}" does not say it skips`);
  assert.ok(skip.onScreen, 'the skip link is not visible on screen when focused');
  const targetId = skip.href.slice(1);
  assert.ok(await page.evaluate((id) => !!document.getElementById(id), targetId), `skip link target #${targetId} missing`);

  // Then the navigation, within a few stops (the site title link may come first).
  let reachedNav = false;
  const passed = [];
  for (let i = 0; i < 4 && !reachedNav; i++) {
    await page.keyboard.press('Tab');
    reachedNav = await page.evaluate(() => !!document.activeElement.closest('nav'));
    passed.push(await describeActive(page));
  }
  assert.ok(reachedNav, `no navigation link right after the skip link; reached: ${passed.join(', ')}`);

  // Using the skip link takes the next Tab into the main content.
  await page.goto(site.url('index.html'));
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Tab');
  const inMain = await page.evaluate((id) => {
    const target = document.getElementById(id);
    return target.contains(document.activeElement) || target === document.activeElement;
  }, targetId);
  assert.ok(inMain, `after the skip link, Tab reached ${await describeActive(page)}, outside #${targetId}`);
  assert.deepEqual(watched.problems, []);
  await page.close();
});

async function checkFocusIndicators(path, viewport) {
  const page = await watched.newPage();
  await page.setViewportSize(viewport);
  await page.goto(site.url(path));
  const problems = [];
  const seen = new Set();
  let stops = 0;
  for (; stops < MAX_STOPS; stops++) {
    await page.keyboard.press('Tab');
    const handle = await page.evaluateHandle(() => document.activeElement);
    const key = await handle.evaluate((e) => {
      if (e === document.body || e === document.documentElement) return null;
      e.dataset.tabStop ??= String(Math.random());
      return e.dataset.tabStop;
    });
    if (key === null || seen.has(key)) break; // wrapped round to the browser chrome or the start
    seen.add(key);
    const what = await describeActive(page);
    const visible = await handle.evaluate((e) => {
      const rect = e.getBoundingClientRect();
      return e.checkVisibility({ visibilityProperty: true, opacityProperty: true }) && rect.width > 1 && rect.height > 1;
    });
    if (!visible) {
      problems.push(`${path}: Tab reaches an invisible element ${what}`);
      continue;
    }
    const focused = await look(handle);
    // The same element, not focused: blur it, and compare.
    await handle.evaluate((e) => e.blur());
    const unfocused = await look(handle);
    if (JSON.stringify(focused) === JSON.stringify(unfocused)) {
      problems.push(`${path}: no visible focus indicator on ${what}`);
    }
    // Give focus back so the next Tab continues from here.
    await handle.evaluate((e) => e.focus({ focusVisible: true }));
    await handle.dispose();
  }
  await page.close();
  assert.ok(stops > 5, `${path}: only ${stops} Tab stops`);
  assert.deepEqual(problems, [], `focus problems over ${stops} Tab stops`);
}

test('every Tab stop on the timeline is visible and shows focus (desktop)', { timeout: 300_000 }, async () => {
  await checkFocusIndicators('index.html', { width: 1366, height: 900 });
});

test('every Tab stop on an article page is visible and shows focus (desktop)', { timeout: 300_000 }, async () => {
  await checkFocusIndicators(await largest(site.dir, pageKinds(site.htmlFiles).articles), { width: 1366, height: 900 });
});

test('every Tab stop on an article page is visible and shows focus (mobile)', { timeout: 300_000 }, async () => {
  await checkFocusIndicators(await largest(site.dir, pageKinds(site.htmlFiles).articles), { width: 390, height: 844 });
});

test('no console errors while tabbing', () => {
  assert.deepEqual(watched.problems, []);
});
