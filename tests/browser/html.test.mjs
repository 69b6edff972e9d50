// Static checks of every HTML file of the built site: the Nu HTML Checker (the W3C validator)
// finds no errors, and every internal link and fragment resolves to a file and an id that exist.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { posix } from 'node:path';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';

import { startSite } from './lib/site.mjs';

const run = promisify(execFile);
const require = createRequire(import.meta.url);
const VNU_JAR = require.resolve('vnu-jar/build/dist/vnu.jar');

let site;
before(async () => {
  site = await startSite();
});
after(async () => {
  await site?.close();
});

test('the site has pages', () => {
  for (const page of ['index.html', '404.html', 'articles/index.html', 'annotations/index.html', 'sources/index.html', 'tags/index.html', 'people/index.html', 'outlets/index.html', 'search/index.html']) {
    assert.ok(site.htmlFiles.includes(page), `missing ${page}; built: ${site.htmlFiles.slice(0, 20).join(', ')}`);
  }
});

test('Nu HTML Checker: no errors in any HTML file or stylesheet', { timeout: 600_000 }, async () => {
  let stderr;
  try {
    ({ stderr } = await run(
      'java',
      ['-Xss4m', '-jar', VNU_JAR, '--errors-only', '--format', 'json', '--also-check-css', '--skip-non-html', site.dir],
      { maxBuffer: 256 * 1024 * 1024 },
    ));
  } catch (error) {
    // Exit code 1 means "errors found": the JSON report is still on stderr.
    if (typeof error.stderr !== 'string' || !error.stderr.trim().startsWith('{')) throw error;
    stderr = error.stderr;
  }
  const { messages } = JSON.parse(stderr);
  const errors = messages.filter((m) => m.type === 'error' || m.subType === 'fatal' || m.type === 'non-document-error');
  const report = errors.map((m) => {
    const file = decodeURIComponent(m.url ?? '').replace(/^file:/, '').replace(site.dir + '/', '');
    const extract = m.extract ? `\n      ${m.extract.replace(/\s+/g, ' ').trim()}` : '';
    return `  ${file}:${m.lastLine ?? m.firstLine ?? '?'}:${m.firstColumn ?? '?'}: ${m.message}${extract}`;
  });
  assert.equal(errors.length, 0, `Nu HTML Checker found ${errors.length} errors:\n${report.join('\n')}`);
});

function decodeEntities(value) {
  return value
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>');
}

test('every internal link and fragment resolves', { timeout: 300_000 }, async () => {
  const ids = new Map();
  const idsOf = async (file) => {
    if (!ids.has(file)) {
      const html = await readFile(posix.join(site.dir, file), 'utf8');
      ids.set(file, new Set([...html.matchAll(/\s(?:id|name)\s*=\s*["']([^"']+)["']/g)].map((m) => decodeEntities(m[1]))));
    }
    return ids.get(file);
  };
  // Problem -> pages that have it: one missing file linked from every page is one line.
  const broken = new Map();
  const report = (problem, file) => broken.set(problem, [...(broken.get(problem) ?? []), file]);
  let checked = 0;
  for (const file of site.htmlFiles) {
    const html = await readFile(posix.join(site.dir, file), 'utf8');
    const pageUrl = new URL(file, site.base);
    for (const match of html.matchAll(/\s(href|src)\s*=\s*["']([^"']*)["']/g)) {
      const raw = decodeEntities(match[2]);
      if (/^(mailto:|tel:|data:|javascript:)/i.test(raw)) continue;
      const target = new URL(raw, pageUrl);
      if (target.origin !== site.origin) continue; // original articles on the web: not ours
      checked++;
      if (!target.pathname.startsWith(new URL(site.base).pathname)) {
        report(`${raw} leaves the site's sub-path ${new URL(site.base).pathname}`, file);
        continue;
      }
      let path = decodeURIComponent(target.pathname.slice(new URL(site.base).pathname.length));
      if (path === '' || path.endsWith('/')) path += 'index.html';
      if (!existsSync(posix.join(site.dir, path))) {
        report(`${match[1]}="${raw}": ${path} does not exist`, file);
        continue;
      }
      const fragment = decodeURIComponent(target.hash.slice(1));
      if (fragment && path.endsWith('.html') && !(await idsOf(path)).has(fragment)) {
        report(`${match[1]}="${raw}": no id "${fragment}" in ${path}`, file);
      }
    }
  }
  assert.ok(checked > 0, 'no internal links found at all');
  const lines = [...broken].map(([problem, files]) => {
    const unique = [...new Set(files)];
    return `${problem}\n      on ${unique.length} page(s): ${unique.slice(0, 4).join(', ')}${unique.length > 4 ? ', …' : ''}`;
  });
  assert.equal(broken.size, 0, `${broken.size} kinds of broken internal link (of ${checked} links):\n  ${lines.slice(0, 60).join('\n  ')}`);
});
