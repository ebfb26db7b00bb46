import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ImageHost {
  /** http://127.0.0.1:<port>, no trailing slash. */
  url: string;
  close(): void;
}

/**
 * A loopback web server hosting what image-URL tests fetch: /cat.png (the given image),
 * /huge.png (6 MB, over the image size limit), /page.html (not an image); anything else is a 404.
 */
export async function startImageHost(png: Buffer): Promise<ImageHost> {
  const server = createServer((req, res) => {
    if (req.url === '/cat.png') return void res.writeHead(200, { 'content-type': 'image/png' }).end(png);
    if (req.url === '/huge.png') return void res.writeHead(200, { 'content-type': 'image/png' }).end(Buffer.alloc(6 * 1024 * 1024));
    if (req.url === '/page.html') return void res.writeHead(200, { 'content-type': 'text/html' }).end('<html></html>');
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() };
}
