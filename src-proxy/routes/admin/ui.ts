import { readFile, realpath, stat } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { ProxyError } from '../../errors';

/**
 * The settings UI's policy: its own scripts, styles (plus inline ones, which React and Vite
 * emit), images (plus data: URLs) and API calls; no framing, no foreign base or form targets.
 */
export const UI_CSP =
  "default-src 'self'; connect-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
};

export const PLACEHOLDER_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Outcrop settings</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;color:#222}code{background:#f2f2f2;padding:0 .25em}</style>
</head>
<body>
<h1>Outcrop settings</h1>
<p>Outcrop settings — the settings window arrives in a coming release; the admin API is at <code>/admin/api</code>.</p>
<p>Every admin API call needs the admin token (<code>Authorization: Bearer &lt;token&gt;</code>): <code>npm run serve</code> prints it, and it is stored in the Outcrop home folder as <code>admin-token</code>.</p>
</body>
</html>
`;

/**
 * The settings UI, with no token needed for the files themselves (the page reads the token from
 * its URL fragment, `#token=…`, which browsers never send to a server): GET / and /ui redirect to
 * /ui/; /ui/* serves the built renderer from uiDir when it has an index.html, else a placeholder.
 */
export function uiRoutes(app: FastifyInstance, uiDir: string | undefined): void {
  // A redirect keeps the fragment (#token=…) when the target has none (RFC 9110 §10.2.2).
  const toUi = async (_request: unknown, reply: FastifyReply) => reply.redirect('/ui/', 302);
  app.get('/', toUi);
  app.get('/ui', toUi);
  app.get<{ Params: { '*': string } }>('/ui/*', async (request, reply) => {
    void reply
      .header('content-security-policy', UI_CSP)
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'no-referrer');
    const rel = request.params['*'] ?? '';
    if (rel !== '' && !isPlainPath(rel)) throw new ProxyError('not_found', 'The settings UI has no such file.');
    const file = uiDir ? await fileInside(uiDir, rel === '' ? 'index.html' : rel) : undefined;
    if (file) return sendFile(reply, file, rel === '' ? 'index.html' : rel);
    // Paths without an extension are the UI's own pages (client-side routes): answer with it.
    if (extname(rel) === '') {
      const index = uiDir ? await fileInside(uiDir, 'index.html') : undefined;
      if (index) return sendFile(reply, index, 'index.html');
      return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(PLACEHOLDER_HTML);
    }
    throw new ProxyError('not_found', 'The settings UI has no such file.');
  });
}

/**
 * The real path of `rel` inside `root`, or undefined when it is not a regular file there. Refuses
 * anything but plain names outright, and anything whose real path (after symlinks) falls outside
 * the root.
 */
export async function fileInside(root: string, rel: string): Promise<string | undefined> {
  if (!isPlainPath(rel)) return undefined;
  const segments = rel.split('/');
  let rootReal: string;
  try {
    rootReal = await realpath(root);
  } catch {
    return undefined;
  }
  const full = resolve(rootReal, ...segments);
  if (!full.startsWith(rootReal + sep)) return undefined;
  try {
    const real = await realpath(full);
    if (!real.startsWith(rootReal + sep)) return undefined;
    return (await stat(real)).isFile() ? real : undefined;
  } catch {
    return undefined;
  }
}

/** A relative path of plain names: no `..` or dot-files, no empty segments (absolute paths), no NUL or backslash. */
function isPlainPath(rel: string): boolean {
  return !rel.includes('\0') && !rel.includes('\\') && rel.split('/').every((s) => s !== '' && !s.startsWith('.'));
}

/** Sends a file; its type follows the name asked for (`rel`), not where a symlink points. */
async function sendFile(reply: FastifyReply, file: string, rel: string): Promise<FastifyReply> {
  const body = await readFile(file);
  // Vite puts content-hashed names under assets/: those never change; everything else is revalidated.
  const cache = rel.startsWith('assets/') ? 'public, max-age=31536000, immutable' : 'no-cache';
  return reply
    .type(CONTENT_TYPES[extname(rel).toLowerCase()] ?? 'application/octet-stream')
    .header('cache-control', cache)
    .send(body);
}
