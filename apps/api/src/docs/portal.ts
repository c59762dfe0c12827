import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import type { Hono } from 'hono';
import type { AppEnv } from '../http/env';
import { docsPortalDir } from '../spec';

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
};

interface PortalFile {
  body: string;
  contentType: string;
}

/**
 * Everything the page may load comes from this origin, and scripts and styles only from files (no inline code);
 * `connect-src 'self'` is what keeps the try-it panel and the search on this server.
 */
const securityHeaders = {
  'Content-Security-Policy': [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join('; '),
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-cache',
};

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

/**
 * The built portal (apps/docs/dist), read once into memory and keyed by URL path below /docs: `errors/x.html` answers
 * `/docs/errors/x`, `index.html` answers `/docs/`. Request paths are only ever looked up in this map, never joined to
 * a file path, so no URL can reach a file outside the portal.
 */
function loadPortal(dir: string): Map<string, PortalFile> | null {
  if (!existsSync(join(dir, 'index.html'))) return null;
  const files = new Map<string, PortalFile>();
  for (const file of walk(dir)) {
    const contentType = contentTypes[extname(file)];
    if (!contentType) continue;
    const path = relative(dir, file).split(sep).join('/');
    const key = path === 'index.html' ? '' : path.endsWith('.html') ? path.slice(0, -'.html'.length) : path;
    files.set(key, { body: readFileSync(file, 'utf8'), contentType });
  }
  return files;
}

/** `GET /docs/…`: the docs portal (guides, reference, error reference at /docs/errors/<code>, changelog). */
export function registerDocsPortal(app: Hono<AppEnv>, dir = docsPortalDir): void {
  let portal: Map<string, PortalFile> | null | undefined;
  const files = () => (portal ??= loadPortal(dir));

  // Pages link to each other relatively, so the portal's root must end in a slash.
  app.get('/docs', (c) => c.redirect('/docs/', 301));
  app.get('/docs/*', (c) => {
    const portal = files();
    if (portal === null) {
      return c.text('The docs portal is not built: run `pnpm --filter @solifyn/docs build`.', 404);
    }
    const path = c.req.path.slice('/docs/'.length);
    if (path.endsWith('/')) return c.redirect(`/docs/${path.replace(/\/+$/, '')}`, 301);
    const file = portal.get(path) ?? portal.get('404')!;
    return c.body(file.body, file === portal.get(path) ? 200 : 404, {
      ...securityHeaders,
      'Content-Type': file.contentType,
    });
  });
}
