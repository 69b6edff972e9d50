// The timeline with JavaScript on: kind and term filters show exactly the matching entries and
// keep their state in the URL (a reload or a shared link restores it, a plain URL shows
// everything); a deep link `index.html#<slug>` scrolls its entry into view and highlights it.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { useBundledSite } from './lib/session.mjs';
import { ENTRY, FILTER_FORM, KIND_BUTTON, KIND_CHECKBOX, KIND_SELECT, TERM_SELECTS } from './lib/hooks.mjs';

let site;
let browser;
let watched;
useBundledSite((opened) => ({ site, browser, watched } = opened));

/** Every entry in the DOM with whether it is shown. */
function entries(page) {
  return page.$$eval(ENTRY, (elements) =>
    elements.map((e) => ({
      id: e.id,
      kind: e.dataset.kind,
      tags: (e.dataset.tags ?? '').split(' ').filter(Boolean),
      people: (e.dataset.people ?? '').split(' ').filter(Boolean),
      outlets: (e.dataset.outlets ?? '').split(' ').filter(Boolean),
      visible: e.checkVisibility() && e.getBoundingClientRect().height > 0,
    })),
  );
}

/** Waits until exactly the entries `wanted(entry)` are shown; returns the shown ids. */
async function waitForShown(page, wanted, what) {
  const deadline = Date.now() + 30_000;
  let last;
  while (Date.now() < deadline) {
    last = await entries(page);
    const wrong = last.filter((e) => e.visible !== wanted(e));
    if (wrong.length === 0) return last.filter((e) => e.visible).map((e) => e.id);
    await page.waitForTimeout(100);
  }
  const shownWrongly = last.filter((e) => e.visible && !wanted(e)).map((e) => `${e.id} (${e.kind})`);
  const hiddenWrongly = last.filter((e) => !e.visible && wanted(e)).map((e) => `${e.id} (${e.kind})`);
  assert.fail(`${what}: shown but should not be: ${shownWrongly.join(', ') || 'none'}; hidden but should be shown: ${hiddenWrongly.join(', ') || 'none'}`);
}

async function openTimeline(path = 'index.html') {
  const page = await watched.newPage();
  await page.goto(site.url(path));
  return page;
}

/** Waits for the filter form that the script reveals (pages load locally: 20 s is plenty). */
async function filtersReady(page) {
  try {
    await page.locator(FILTER_FORM).waitFor({ state: 'visible', timeout: 20_000 });
  } catch {
    assert.fail(`the filter form ${FILTER_FORM} did not appear: is static/timeline.js revealing it?`);
  }
}

/** Makes the kind filter show only `kind`, whatever the control is. */
async function showOnlyKind(page, kind) {
  if (await page.locator(KIND_SELECT).count()) {
    await page.locator(KIND_SELECT).selectOption(kind);
  } else if (await page.locator(KIND_CHECKBOX).count()) {
    await page.locator(`${KIND_CHECKBOX}[value="${kind}"]`).check();
    for (const box of await page.locator(KIND_CHECKBOX).all()) {
      if ((await box.getAttribute('value')) !== kind && (await box.isChecked())) await box.uncheck();
    }
  } else if (await page.locator(KIND_BUTTON).count()) {
    await page.locator(`${KIND_BUTTON}[data-filter-kind="${kind}"]`).click();
  } else {
    assert.fail(`no kind filter on the timeline: expected ${KIND_CHECKBOX}, ${KIND_SELECT} or ${KIND_BUTTON}`);
  }
}

describe('filters', () => {
  test('the filter controls are shown when JavaScript runs', { timeout: 120_000 }, async () => {
    const page = await openTimeline();
    await filtersReady(page);
    await page.close();
  });

  test('a kind filter shows only that kind, and the URL keeps it', { timeout: 180_000 }, async () => {
    const page = await openTimeline();
    await filtersReady(page);
    const all = await entries(page);
    assert.ok(all.length > 0, 'no timeline entries');
    assert.ok(all.every((e) => e.visible), 'some entries are hidden before any filter');
    const kinds = [...new Set(all.map((e) => e.kind))];
    const kind = kinds.includes('opinion') ? 'opinion' : kinds.sort((a, b) => all.filter((e) => e.kind === a).length - all.filter((e) => e.kind === b).length)[0];
    const plainUrl = page.url();

    await showOnlyKind(page, kind);
    const shown = await waitForShown(page, (e) => e.kind === kind, `after choosing only "${kind}"`);
    assert.ok(shown.length > 0);
    assert.notEqual(page.url(), plainUrl, 'the filter did not change the URL');
    const filteredUrl = page.url();

    await page.reload();
    await filtersReady(page);
    assert.deepEqual(await waitForShown(page, (e) => e.kind === kind, `after reloading ${filteredUrl}`), shown);

    // The same URL in a fresh page (a shared link) shows the same.
    const shared = await watched.newPage();
    await shared.goto(filteredUrl);
    assert.deepEqual(await waitForShown(shared, (e) => e.kind === kind, `opening ${filteredUrl} anew`), shown);
    await shared.close();

    // The plain URL shows everything again: the state lives in the URL, not in storage.
    await page.goto(plainUrl);
    await waitForShown(page, () => true, `opening ${plainUrl} after filtering`);
    assert.deepEqual(watched.problems, []);
    await page.close();
  });

  for (const [name, attribute] of Object.entries(TERM_SELECTS)) {
    test(`a ${name} filter shows only entries with that ${name}, and the URL keeps it`, { timeout: 180_000 }, async (t) => {
      const page = await openTimeline();
      await filtersReady(page);
      const select = page.locator(`${FILTER_FORM} select[name=${name}]`);
      if ((await select.count()) === 0) return t.skip(`no select[name=${name}]`);
      const all = await entries(page);
      // The term on the most entries short of all of them: a real narrowing.
      const counts = new Map();
      for (const e of all) for (const slug of e[attribute]) counts.set(slug, (counts.get(slug) ?? 0) + 1);
      const options = await select.locator('option').evaluateAll((os) => os.map((o) => o.value).filter(Boolean));
      const candidates = options.filter((slug) => (counts.get(slug) ?? 0) > 0 && counts.get(slug) < all.length);
      assert.ok(candidates.length > 0, `no ${name} option narrows the timeline; options: ${options.join(', ')}`);
      const slug = candidates.sort((a, b) => counts.get(b) - counts.get(a))[0];
      await select.selectOption(slug);
      const wanted = (e) => e[attribute].includes(slug);
      const shown = await waitForShown(page, wanted, `after choosing ${name} "${slug}"`);
      assert.equal(shown.length, counts.get(slug));
      await page.reload();
      assert.deepEqual(await waitForShown(page, wanted, `after reloading with ${name} "${slug}"`), shown);
      assert.equal(await page.locator(`${FILTER_FORM} select[name=${name}]`).inputValue(), slug, 'the select does not show the restored value');
      // "Show everything" clears it.
      const reset = page.locator(`${FILTER_FORM} [type=reset]`);
      if (await reset.count()) {
        await reset.click();
        await waitForShown(page, () => true, 'after "Show everything"');
      }
      assert.deepEqual(watched.problems, []);
      await page.close();
    });
  }
});

/** What makes an element look highlighted: its own and its children's decoration. */
function decoration(page, id) {
  return page.evaluate((id) => {
    const element = document.getElementById(id);
    const props = ['background-color', 'outline-style', 'outline-color', 'outline-width', 'box-shadow', 'border-left-color', 'border-top-color'];
    return [element, ...element.children].map((e) => {
      const style = getComputedStyle(e);
      return props.map((p) => style.getPropertyValue(p)).join('|');
    });
  }, id);
}

describe('deep links', () => {
  test('index.html#<slug> scrolls the entry into view and highlights it', { timeout: 180_000 }, async () => {
    const probe = await openTimeline();
    const ids = (await entries(probe)).map((e) => e.id);
    await probe.close();
    assert.ok(ids.length >= 3, 'too few entries to test deep links');
    // An entry far down the page, so that reaching it needs a scroll.
    const id = ids[Math.floor((ids.length * 2) / 3)];
    const page = await openTimeline(`index.html#${id}`);
    await page.waitForFunction(
      (id) => {
        const rect = document.getElementById(id).getBoundingClientRect();
        return rect.top >= -1 && rect.top < window.innerHeight / 2;
      },
      id,
      { timeout: 30_000 },
    );
    assert.ok(await page.evaluate(() => window.scrollY > 0), 'the page did not scroll');
    assert.ok(await page.evaluate((id) => document.getElementById(id).matches(':target'), id), `#${id} is not the :target`);
    const targeted = await decoration(page, id);
    await page.evaluate(() => {
      location.hash = 'main_content';
    });
    await page.waitForFunction((id) => !document.getElementById(id).matches(':target'), id);
    await page.waitForTimeout(600); // let a highlight transition settle
    const plain = await decoration(page, id);
    assert.notDeepEqual(targeted, plain, `#${id} looks the same whether targeted or not: no highlight`);
    assert.deepEqual(watched.problems, []);
    await page.close();
  });

  test('following a link to an entry the current filter hides shows that entry', { timeout: 180_000 }, async (t) => {
    // The overview chart, permalinks and notes link to `#<slug>` while a filter may be on.
    const page = await openTimeline();
    await filtersReady(page);
    const all = await entries(page);
    const kinds = [...new Set(all.map((e) => e.kind))];
    if (kinds.length < 2) return t.skip('one kind only');
    const [kind, other] = kinds;
    await showOnlyKind(page, kind);
    await waitForShown(page, (e) => e.kind === kind, `after choosing only "${kind}"`);
    const target = all.find((e) => e.kind === other).id;
    await page.evaluate((id) => {
      location.hash = id;
    }, target);
    await page.waitForFunction(
      (id) => {
        const element = document.getElementById(id);
        const rect = element.getBoundingClientRect();
        return element.checkVisibility() && rect.height > 0 && rect.top >= -1 && rect.top < window.innerHeight;
      },
      target,
      { timeout: 30_000 },
    );
    await page.close();
  });
});
