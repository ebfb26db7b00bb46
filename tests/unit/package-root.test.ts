import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, test } from 'vitest';
import { packageRoot } from '../../src-main/core/package-root';

const ROOT = resolve(import.meta.dirname, '..', '..');
const url = (...parts: string[]) => pathToFileURL(join(...parts)).href;

describe('packageRoot', () => {
  test('finds the checkout from the sources and from both bundles', () => {
    expect(packageRoot(url(ROOT, 'src-main', 'core', 'serve.ts'))).toBe(ROOT);
    expect(packageRoot(url(ROOT, 'dist', 'cli', 'outcrop.mjs'))).toBe(ROOT);
    expect(packageRoot(url(ROOT, 'dist', 'main', 'main.js'))).toBe(ROOT);
  });

  test('skips package.json files that are not Outcrop’s (a dependency’s, a broken one)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'outcrop-root-'));
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'outcrop', version: '9.9.9' }));
    mkdirSync(join(dir, 'node_modules', 'dep', 'lib'), { recursive: true });
    writeFileSync(join(dir, 'node_modules', 'dep', 'package.json'), JSON.stringify({ name: 'dep' }));
    mkdirSync(join(dir, 'broken', 'x'), { recursive: true });
    writeFileSync(join(dir, 'broken', 'package.json'), '{ not json');
    expect(packageRoot(url(dir, 'node_modules', 'dep', 'lib', 'index.js'))).toBe(dir);
    expect(packageRoot(url(dir, 'broken', 'x', 'y.js'))).toBe(dir);
  });

  test('without any Outcrop package.json above, falls back to two folders up', () => {
    const dir = mkdtempSync(join(tmpdir(), 'outcrop-noroot-'));
    expect(packageRoot(url(dir, 'a', 'b', 'c.js'))).toBe(join(dir, 'a', 'b', '..', '..'));
  });
});
