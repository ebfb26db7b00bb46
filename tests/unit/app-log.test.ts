import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { openAppLog, serializeError } from '../../src-main/core/logging/app-log';
import { appLogPath } from '../../src-main/core/logging/log-paths';

const home = () => mkdtempSync(join(tmpdir(), 'outcrop-applog-'));
const read = (file: string) => readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);

describe('serializeError', () => {
  test('keeps the cause chain and an AggregateError\'s errors, scrubbed, and nothing of an SDK error\'s raw response', () => {
    const socket = Object.assign(new Error('connect ECONNREFUSED 10.0.0.1:443'), { code: 'ECONNREFUSED' });
    const aggregate = new AggregateError([socket, new Error('connect ETIMEDOUT 10.0.0.2:443')], 'every address failed');
    const sdk = Object.assign(new Error('AccessDenied for AKIAIOSFODNN7EXAMPLE', { cause: aggregate }), { name: 'AccessDeniedException', $metadata: { httpStatusCode: 403, requestId: 'r-1' }, $response: { body: 'RAW-BODY' } });
    const out = serializeError(new Error('outer', { cause: sdk }));
    const text = JSON.stringify(out);
    expect(out).toMatchObject({ type: 'Error', message: 'outer', cause: { type: 'AccessDeniedException', status: 403, requestId: 'r-1', cause: { type: 'AggregateError', errors: [{ code: 'ECONNREFUSED' }, { message: 'connect ETIMEDOUT 10.0.0.2:443' }] } } });
    expect(text).not.toContain('AKIAIOSFODNN7EXAMPLE');
    expect(text).not.toContain('RAW-BODY');
  });

  test('a cause chain that loops ends', () => {
    const a = new Error('a');
    const b = new Error('b', { cause: a });
    (a as { cause?: unknown }).cause = b;
    expect(JSON.stringify(serializeError(a)).length).toBeLessThan(20_000);
  });
});

describe('openAppLog', () => {
  test('a folder that cannot be made is a problem to show, not a crash; lines are dropped', () => {
    const file = join(home(), 'not-a-dir');
    writeFileSync(file, 'x'); // a file where the home folder should be
    const log = openAppLog({ home: file, process: 'serve', level: 'info' });
    expect(log.file).toBeUndefined();
    expect(log.problem).toMatch(/could not be opened/);
    expect(() => log.logger.error('still fine')).not.toThrow();
  });

  test('a process that dies of an unhandled rejection leaves it in the log, scrubbed, with its cause', () => {
    const dir = home();
    const child = spawnSync(process.execPath, ['--import', 'tsx', join(import.meta.dirname, '..', 'support', 'crash-child.ts'), dir], { encoding: 'utf8' });
    expect(child.status).not.toBe(0);
    const fatal = read(appLogPath(dir, 'serve')).find((l) => l.level === 60);
    expect(fatal).toMatchObject({ msg: 'unhandled promise rejection', origin: 'unhandledRejection', err: { message: expect.stringContaining('boom'), cause: { message: expect.stringContaining('the socket said') } } });
    expect(JSON.stringify(fatal)).not.toMatch(/AKIAIOSFODNN7EXAMPLE|tok-123456789/);
  });
});
