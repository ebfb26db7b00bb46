#!/usr/bin/env node
// Renders every icon Outcrop ships from the one source image, assets/outcrop.svg:
//   assets/icon.png, icon.icns, icon.ico, icons/<n>x<n>.png   app icons (electron-builder)
//   assets/tray/mac/<state>-Template[@2x].png                  macOS menu-bar template images
//   assets/tray/win/<state>.ico, assets/tray/linux/<state>[@2x].png
// for the tray states running, needs-sign-in, stopped and error. The output is committed; run
// `npm run icons` after changing the source. The SVG renderer is resvg (WebAssembly, no native
// binary); the ICO and ICNS containers are written here, they are a few headers around PNGs.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { initWasm, Resvg } from '@resvg/resvg-wasm';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const ASSETS = join(ROOT, 'assets');

export const TRAY_STATES = ['running', 'needs-sign-in', 'stopped', 'error'];
export const APP_PNG_SIZES = [16, 32, 48, 64, 128, 256, 512, 1024];
export const APP_ICO_SIZES = [16, 24, 32, 48, 64, 128, 256];
export const TRAY_ICO_SIZES = [16, 20, 24, 32, 40, 48];
// PNG-backed ICNS types: https://en.wikipedia.org/wiki/Apple_Icon_Image_format#Icon_types
export const ICNS_TYPES = [
  ['icp4', 16],
  ['icp5', 32],
  ['icp6', 64],
  ['ic07', 128],
  ['ic08', 256],
  ['ic09', 512],
  ['ic10', 1024],
  ['ic11', 32],
  ['ic12', 64],
  ['ic13', 256],
  ['ic14', 512],
];

/** The parts of the source SVG: its defs, the tile element and the mark group (attributes without transform, and its body). */
export function sourceParts(svg) {
  const defs = /<defs>([\s\S]*?)<\/defs>/.exec(svg)?.[1] ?? '';
  const tile = /<rect id="tile"[^>]*\/>/.exec(svg)?.[0];
  const mark = /<g id="mark"([^>]*)>([\s\S]*?)<\/g>/.exec(svg);
  if (!tile || !mark) throw new Error('assets/outcrop.svg needs a <rect id="tile"/> and a <g id="mark">.');
  const attrs = mark[1].replace(/\s*transform="[^"]*"/, '');
  return { defs, tile, markAttrs: attrs, markBody: mark[2].trim() };
}

/** The mark's paths with every fill and stroke colour replaced by one. */
function recolour(body, colour) {
  return body.replace(/(fill|stroke)="#[0-9a-fA-F]{3,8}"/g, `$1="${colour}"`);
}

// The mark's own coordinates span about 2..98 across and 14..88 down; this square centres it.
const MARK_BOX = '2 3 96 96';
const BADGE = { cx: 80, cy: 80, r: 17, gap: 25 };

/** A tray icon for macOS: black with alpha only (a template image: the system tints it). */
export function monoTraySvg(parts, state) {
  const badge = state === 'needs-sign-in' || state === 'error';
  const mask = badge
    ? `<mask id="cut" maskUnits="userSpaceOnUse" x="-10" y="-10" width="120" height="120"><rect x="-10" y="-10" width="120" height="120" fill="#fff"/><circle cx="${BADGE.cx}" cy="${BADGE.cy}" r="${BADGE.gap}" fill="#000"/></mask>`
    : '';
  const mark = `<g ${parts.markAttrs.trim()}${badge ? ' mask="url(#cut)"' : ''}${state === 'stopped' ? ' opacity="0.4"' : ''}>${recolour(parts.markBody, '#000000')}</g>`;
  let glyph = '';
  if (state === 'needs-sign-in') glyph = `<circle cx="${BADGE.cx}" cy="${BADGE.cy}" r="${BADGE.r}" fill="#000000"/>`;
  if (state === 'error') {
    const d = BADGE.r * 0.8;
    glyph = `<path d="M${BADGE.cx - d} ${BADGE.cy - d} L${BADGE.cx + d} ${BADGE.cy + d} M${BADGE.cx + d} ${BADGE.cy - d} L${BADGE.cx - d} ${BADGE.cy + d}" stroke="#000000" stroke-width="9" stroke-linecap="round"/>`;
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="${MARK_BOX}"><defs>${mask}</defs>${mark}${glyph}</svg>`;
}

/** A tray icon for Windows and Linux: the tile and the mark in colour, readable on light and dark bars. */
export function colourTraySvg(parts, state) {
  const stopped = state === 'stopped';
  const tileFill = stopped ? 'url(#grey-tile)' : 'url(#tile-fill)';
  const defs = `${parts.defs}<linearGradient id="grey-tile" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#8A9299"/><stop offset="1" stop-color="#4A5158"/></linearGradient><filter id="grey"><feColorMatrix type="saturate" values="0"/></filter>`;
  const mark = `<g transform="translate(8 6) scale(0.86)"><g ${parts.markAttrs.trim()}${stopped ? ' filter="url(#grey)"' : ''}>${parts.markBody}</g></g>`;
  let badge = '';
  if (state === 'needs-sign-in' || state === 'error') {
    const fill = state === 'error' ? '#D64545' : '#F2A516';
    const { cx, cy } = { cx: 78, cy: 78 };
    const glyph =
      state === 'error'
        ? `<path d="M${cx - 8} ${cy - 8} L${cx + 8} ${cy + 8} M${cx + 8} ${cy - 8} L${cx - 8} ${cy + 8}" stroke="#fff" stroke-width="6" stroke-linecap="round"/>`
        : `<path d="M${cx} ${cy - 11} L${cx} ${cy + 2}" stroke="#fff" stroke-width="7" stroke-linecap="round"/><circle cx="${cx}" cy="${cy + 11}" r="4" fill="#fff"/>`;
    badge = `<circle cx="${cx}" cy="${cy}" r="21" fill="${fill}" stroke="#fff" stroke-width="5"/>${glyph}`;
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100"><defs>${defs}</defs><rect x="1" y="1" width="98" height="98" rx="22" fill="${tileFill}"/>${mark}${badge}</svg>`;
}

function render(svg, size) {
  const image = new Resvg(svg, { fitTo: { mode: 'width', value: size } }).render();
  if (image.width !== size || image.height !== size) throw new Error(`rendered ${image.width}x${image.height}, wanted ${size}x${size}`);
  return { size, png: Buffer.from(image.asPng()), rgba: Buffer.from(image.pixels) };
}

/** A 32-bit BMP (DIB) for an ICO entry: bottom-up BGRA with straight alpha, then the AND mask. */
function dibOf({ size, rgba }) {
  const maskRow = Math.ceil(size / 32) * 4;
  const out = Buffer.alloc(40 + size * size * 4 + maskRow * size);
  out.writeUInt32LE(40, 0);
  out.writeInt32LE(size, 4);
  out.writeInt32LE(size * 2, 8); // colour rows plus mask rows
  out.writeUInt16LE(1, 12);
  out.writeUInt16LE(32, 14);
  out.writeUInt32LE(size * size * 4 + maskRow * size, 20);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const src = (y * size + x) * 4;
      const dst = 40 + ((size - 1 - y) * size + x) * 4;
      const a = rgba[src + 3];
      // resvg's pixels are premultiplied; ICO wants straight alpha.
      const un = (c) => (a === 0 ? 0 : Math.min(255, Math.round((c * 255) / a)));
      out[dst] = un(rgba[src + 2]);
      out[dst + 1] = un(rgba[src + 1]);
      out[dst + 2] = un(rgba[src]);
      out[dst + 3] = a;
    }
  }
  return out; // the AND mask stays zero: alpha decides transparency
}

/** An ICO file: BMP entries below 256 pixels (every Windows tool reads those), PNG at 256. */
export function encodeIco(images) {
  const bodies = images.map((img) => (img.size >= 256 ? img.png : dibOf(img)));
  const header = Buffer.alloc(6 + 16 * images.length);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(images.length, 4);
  let offset = header.length;
  images.forEach((img, i) => {
    const e = 6 + 16 * i;
    header[e] = img.size >= 256 ? 0 : img.size;
    header[e + 1] = img.size >= 256 ? 0 : img.size;
    header.writeUInt16LE(1, e + 4);
    header.writeUInt16LE(32, e + 6);
    header.writeUInt32LE(bodies[i].length, e + 8);
    header.writeUInt32LE(offset, e + 12);
    offset += bodies[i].length;
  });
  return Buffer.concat([header, ...bodies]);
}

/** An ICNS file of PNG entries. */
export function encodeIcns(entries) {
  const chunks = entries.map(({ type, png }) => {
    const head = Buffer.alloc(8);
    head.write(type, 0, 'latin1');
    head.writeUInt32BE(png.length + 8, 4);
    return Buffer.concat([head, png]);
  });
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'latin1');
  head.writeUInt32BE(8 + chunks.reduce((n, c) => n + c.length, 0), 4);
  return Buffer.concat([head, ...chunks]);
}

function write(rel, data) {
  const file = join(ASSETS, rel);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, data);
}

/** Renders every icon into assets/. */
export async function makeIcons() {
  const require = createRequire(import.meta.url);
  await initWasm(readFileSync(require.resolve('@resvg/resvg-wasm/index_bg.wasm')));
  const source = readFileSync(join(ASSETS, 'outcrop.svg'), 'utf8');
  const parts = sourceParts(source);

  const app = new Map(APP_PNG_SIZES.map((size) => [size, render(source, size)]));
  const appAt = (size) => app.get(size) ?? render(source, size);
  write('icon.png', appAt(1024).png);
  for (const size of APP_PNG_SIZES) write(`icons/${size}x${size}.png`, appAt(size).png);
  write('icon.ico', encodeIco(APP_ICO_SIZES.map(appAt)));
  write('icon.icns', encodeIcns(ICNS_TYPES.map(([type, size]) => ({ type, png: appAt(size).png }))));

  for (const state of TRAY_STATES) {
    const mono = monoTraySvg(parts, state);
    write(`tray/mac/${state}-Template.png`, render(mono, 16).png);
    write(`tray/mac/${state}-Template@2x.png`, render(mono, 32).png);
    const colour = colourTraySvg(parts, state);
    write(`tray/linux/${state}.png`, render(colour, 24).png);
    write(`tray/linux/${state}@2x.png`, render(colour, 48).png);
    write(`tray/win/${state}.ico`, encodeIco(TRAY_ICO_SIZES.map((size) => render(colour, size))));
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await makeIcons();
  process.stdout.write(`Icons written to ${ASSETS}\n`);
}
