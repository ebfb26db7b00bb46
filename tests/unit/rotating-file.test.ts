import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RotatingFile } from '../../src-main/core/logging/rotating-file';

describe('RotatingFile', () => {
  it('rotates at the cap, keeps N files, and writes mode 0600', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'outcrop-rot-'));
    const file = path.join(dir, 'logs', 'outcrop-serve.log');
    const dest = new RotatingFile({ file, maxBytes: 100, keep: 2 });
    const line = `${'x'.repeat(39)}\n`; // 40 bytes: two lines fit, the third rotates
    for (let i = 0; i < 10; i += 1) dest.write(line);
    dest.close();
    const names = fs.readdirSync(path.dirname(file)).sort();
    expect(names).toEqual(['outcrop-serve.log', 'outcrop-serve.log.1', 'outcrop-serve.log.2']);
    for (const name of names) {
      const full = path.join(path.dirname(file), name);
      expect(fs.statSync(full).size).toBeLessThanOrEqual(100);
      if (process.platform !== 'win32') expect(fs.statSync(full).mode & 0o777).toBe(0o600);
    }
    expect(fs.readFileSync(file, 'utf8')).toBe(line.repeat(2));
  });
});
