// A static file server for the built site, serving it under a sub-path (`/repo/`) the way
// GitHub Pages serves a project site: folders answer with their index.html, a folder
// without its trailing slash is redirected, and a missing file gets 404.html with status 404.
// It listens on 127.0.0.1 only.

import { createServer } from 'node:http';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';

const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml',
  '.webmanifest': 'application/manifest+json',
};

/** Type of a file by its extension; unknown extensions are served as bytes. */
export function contentType(path) {
  return CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

async function fileInfo(path) {
  try {
    return await stat(path);
  } catch {
    return null;
  }
}

/**
 * Starts a server on a free port. `getRoot()` is read on each request, so the server can be
 * started before the site is built (the build needs the port for its base URL).
 * Returns { port, origin, close }.
 */
export async function startServer({ getRoot, prefix = '/repo/' }) {
  const server = createServer(async (request, response) => {
    // Every page is served fresh: a test never sees a stale copy of another build.
    response.setHeader('Cache-Control', 'no-store');
    // Wrong content types then break the page instead of being guessed around.
    response.setHeader('X-Content-Type-Options', 'nosniff');
    const root = getRoot();
    const url = new URL(request.url, 'http://127.0.0.1');
    let pathname;
    try {
      pathname = decodeURIComponent(url.pathname);
    } catch {
      response.writeHead(400).end('bad request');
      return;
    }
    if (!root || !pathname.startsWith(prefix)) {
      response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('not under the site prefix');
      return;
    }
    const relative = normalize(pathname.slice(prefix.length));
    if (relative.startsWith('..') || relative.split(sep).includes('..')) {
      response.writeHead(403).end('forbidden');
      return;
    }
    let path = join(root, relative);
    let info = await fileInfo(path);
    if (info?.isDirectory()) {
      if (!pathname.endsWith('/')) {
        response.writeHead(301, { Location: `${url.pathname}/${url.search}` }).end();
        return;
      }
      path = join(path, 'index.html');
      info = await fileInfo(path);
    }
    let status = 200;
    if (!info?.isFile()) {
      status = 404;
      path = join(root, '404.html');
      info = await fileInfo(path);
      if (!info?.isFile()) {
        response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('not found');
        return;
      }
    }
    response.writeHead(status, { 'Content-Type': contentType(path), 'Content-Length': info.size });
    if (request.method === 'HEAD') {
      response.end();
      return;
    }
    createReadStream(path).pipe(response);
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address();
  return {
    port,
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
