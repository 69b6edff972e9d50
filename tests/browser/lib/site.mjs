// Builds the bundled example site (content/ of this repository) into a fresh temporary folder
// and serves it under /repo/, so every test file checks the real output of the real binary at
// a sub-path, as a project site on GitHub Pages would be.

import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import { startServer } from './server.mjs';

const run = promisify(execFile);

/** The repository root. */
export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const PREFIX = '/repo/';

let binaryPromise = null;

/**
 * Path of the release `newsline` binary: `NEWSLINE_BIN` if set, else whatever
 * `cargo build --release` produces (a no-op when .ci/run has already built it), found through
 * cargo's own report so that CARGO_TARGET_DIR is respected.
 */
export function newslineBinary() {
  binaryPromise ??= (async () => {
    if (process.env.NEWSLINE_BIN) return process.env.NEWSLINE_BIN;
    const { stdout } = await run(
      'cargo',
      ['build', '--release', '--locked', '--bin', 'newsline', '--message-format=json-render-diagnostics'],
      { cwd: REPO, maxBuffer: 256 * 1024 * 1024 },
    );
    for (const line of stdout.split('\n')) {
      if (!line.startsWith('{')) continue;
      const message = JSON.parse(line);
      if (message.reason === 'compiler-artifact' && message.target?.name === 'newsline' && message.executable) {
        return message.executable;
      }
    }
    throw new Error('cargo build --release did not report a newsline executable');
  })();
  return binaryPromise;
}

/** Every file below `dir`, as `/`-separated paths relative to it, sorted. */
export async function listFiles(dir) {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath ?? e.path, e.name)).split(sep).join('/'))
    .sort();
}

/**
 * Builds the site and serves it. Returns
 * { dir, origin, base (http://127.0.0.1:PORT/repo/), url(path), files, htmlFiles, close }.
 */
export async function startSite() {
  let root = null;
  const server = await startServer({ getRoot: () => root, prefix: PREFIX });
  const dir = await mkdtemp(join(tmpdir(), 'newsline-site-'));
  const out = join(dir, 'site');
  const base = `${server.origin}${PREFIX}`;
  const binary = await newslineBinary();
  try {
    await run(binary, ['build', '--root', REPO, '--output', out, '--base-url', base], {
      cwd: REPO,
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (error) {
    await server.close();
    await rm(dir, { recursive: true, force: true });
    throw new Error(`newsline build failed (exit ${error.code}):\n${error.stdout}\n${error.stderr}`);
  }
  root = out;
  const files = await listFiles(out);
  return {
    dir: out,
    origin: server.origin,
    base,
    files,
    htmlFiles: files.filter((f) => f.endsWith('.html')),
    /** Absolute URL of a path relative to the site root. */
    url: (path = '') => new URL(path, base).href,
    close: async () => {
      await server.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Pages grouped by kind, from the output tree. */
export function pageKinds(htmlFiles) {
  const under = (folder) =>
    htmlFiles.filter((f) => f.startsWith(`${folder}/`) && f !== `${folder}/index.html` && f.endsWith('/index.html'));
  return {
    timeline: htmlFiles.filter((f) => f === 'index.html' || /^timeline\/[^/]+\/index\.html$/.test(f)),
    articles: under('articles'),
    annotations: under('annotations'),
    tags: under('tags'),
    people: under('people'),
    outlets: under('outlets'),
  };
}

/** Of a list of output files, the largest: the page most likely to show a problem. */
export async function largest(siteDir, files) {
  let best = null;
  let bestSize = -1;
  for (const file of files) {
    const { size } = await stat(join(siteDir, file));
    if (size > bestSize) {
      best = file;
      bestSize = size;
    }
  }
  return best;
}

/** Front matter of a content file (TOML between `+++` lines or YAML between `---` lines). */
function frontMatter(text) {
  const match = /^\uFEFF?(\+\+\+|---)\r?\n([\s\S]*?)\r?\n\1\s*(\r?\n|$)/.exec(text);
  return match ? match[2] : '';
}

/** The content's annotations: { path, dated, anchorArticles: [slug per anchor] }. */
export async function contentAnnotations() {
  const dir = join(REPO, 'content', 'annotations');
  const files = (await listFiles(dir)).filter((f) => f.endsWith('.md'));
  return Promise.all(
    files.map(async (path) => {
      const front = frontMatter(await readFile(join(dir, path), 'utf8'));
      return {
        path,
        /** The slug: the file name without `.md` (folders only group files). */
        slug: path.split('/').pop().replace(/\.md$/, ''),
        dated: /^date\s*[=:]/m.test(front),
        anchorArticles: [...front.matchAll(/^\s*-?\s*article\s*[=:]\s*["']?([^"'\s]+)["']?/gm)].map((m) => m[1]),
      };
    }),
  );
}
