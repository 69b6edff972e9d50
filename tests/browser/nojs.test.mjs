// With JavaScript disabled the site is complete: every dated annotation is on the timeline
// (over all its pages) and visible, and each article shows every annotated passage as a mark
// with its margin note.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { launch, watchedContext } from './lib/browser.mjs';
import { ENTRY } from './lib/hooks.mjs';
import { contentAnnotations, pageKinds, startSite } from './lib/site.mjs';

let site;
let browser;
let watched;
let annotations;

before(async () => {
  site = await startSite();
  browser = await launch();
  watched = await watchedContext(browser, site, { javaScriptEnabled: false });
  annotations = await contentAnnotations();
});

after(async () => {
  await watched?.context.close();
  await browser?.close();
  await site?.close();
});

test('the timeline shows every dated annotation, all visible', { timeout: 300_000 }, async () => {
  const page = await watched.newPage();
  const timelinePages = pageKinds(site.htmlFiles).timeline;
  const seen = [];
  for (const path of timelinePages) {
    await page.goto(site.url(path));
    const entries = await page.$$eval(ENTRY, (elements) =>
      elements.map((e) => ({ id: e.id, kind: e.dataset.kind, visible: e.checkVisibility() && e.getBoundingClientRect().height > 0 })),
    );
    const hidden = entries.filter((e) => !e.visible).map((e) => e.id);
    assert.deepEqual(hidden, [], `${path}: entries hidden without JavaScript`);
    seen.push(...entries.map((e) => e.id));
  }
  const dated = annotations.filter((a) => a.dated).length;
  assert.equal(new Set(seen).size, seen.length, 'an entry appears twice on the timeline');
  assert.equal(seen.length, dated, `timeline entries (${seen.length}) != dated annotations in content/ (${dated})`);
  assert.deepEqual(watched.problems, []);
});

test('the same entries are there with JavaScript on (before any filter)', { timeout: 120_000 }, async () => {
  const on = await watchedContext(browser, site);
  try {
    const withJs = await on.newPage();
    await withJs.goto(site.url('index.html'));
    const page = await watched.newPage();
    await page.goto(site.url('index.html'));
    const ids = (p) => p.$$eval(ENTRY, (elements) => elements.filter((e) => e.checkVisibility()).map((e) => e.id));
    assert.deepEqual(await ids(withJs), await ids(page));
    assert.deepEqual(on.problems, []);
  } finally {
    await on.context.close();
  }
});

test('article pages show every annotated passage with its note', { timeout: 300_000 }, async () => {
  const page = await watched.newPage();
  // Per article slug: the slugs of the annotations quoting it, once per quoted passage.
  const expected = new Map();
  for (const annotation of annotations) {
    for (const article of annotation.anchorArticles) expected.set(article, [...(expected.get(article) ?? []), annotation.slug]);
  }
  const articles = pageKinds(site.htmlFiles).articles;
  assert.ok(articles.length > 0, 'no article pages were built');
  const problems = [];
  for (const path of articles) {
    const slug = path.split('/')[1];
    await page.goto(site.url(path));
    const found = await page.evaluate(() => {
      const visible = (e) => e.checkVisibility() && e.getBoundingClientRect().height > 0;
      const notes = [...document.querySelectorAll('.article-body aside.note, .article-body [id^="note-"]')];
      return {
        // Two annotations quoting the same words share one mark, which names both.
        marked: [...document.querySelectorAll('.article-body mark')]
          .filter(visible)
          .flatMap((m) => (m.dataset.annotation ?? '').split(' ').filter(Boolean)),
        notes: new Set(notes.map((n) => n.id)).size,
        hiddenNotes: notes.filter((n) => !visible(n)).map((n) => n.id),
        // every note is linked from its passage, and links back to it
        refs: [...document.querySelectorAll('.article-body [id^="ref-"]')].map((r) => r.id),
        noteLinks: notes.map((n) => n.id.replace(/^note-/, '')),
      };
    });
    const want = expected.get(slug) ?? [];
    if (found.notes !== want.length) problems.push(`${path}: ${found.notes} notes, but content/ quotes ${want.length} passages here`);
    const unmarked = [...new Set(want)].filter((annotation) => !found.marked.includes(annotation));
    if (unmarked.length) problems.push(`${path}: no visible <mark data-annotation> for: ${unmarked.join(', ')}`);
    if (found.hiddenNotes.length) problems.push(`${path}: notes not visible without JavaScript: ${found.hiddenNotes.join(', ')}`);
    const refKeys = new Set(found.refs.map((r) => r.replace(/^ref-/, '')));
    const unreferenced = found.noteLinks.filter((key) => !refKeys.has(key));
    if (unreferenced.length) problems.push(`${path}: notes without a ref- marker in the text: ${unreferenced.join(', ')}`);
  }
  assert.deepEqual(problems, []);
  assert.deepEqual(watched.problems, []);
});
