import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, test } from 'vitest';
import { withFastProperties } from '../../src-proxy/bedrock/runtime-client';

// withFastProperties (src-proxy/bedrock/runtime-client.ts) turns the SDK client's config back into
// V8's fast mode. Only V8 itself can say whether an object is in fast mode (%HasFastProperties,
// behind --allow-natives-syntax), so the check runs in a node child with that flag.

const run = promisify(execFile);

describe('the runtime client config in V8 fast mode', () => {
  test('the gateway client config is in fast mode from creation and stays so through Converse and ConverseStream calls; a stock client config is not', async () => {
    const { stdout } = await run(process.execPath, ['--allow-natives-syntax', '--import', 'tsx', 'tests/support/fast-properties-probe.ts'], {
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
      timeout: 30_000,
    });
    const result = JSON.parse(stdout.trim().split('\n').at(-1)!);
    expect(result).toEqual({ before: true, after: true, stock: false, text: 'okokok', credentialsAccessor: 'function' });
  }, 40_000);

  test('the object keeps its identity, property order, values and accessors', () => {
    let stored = 'initial';
    const obj: Record<string, unknown> = {};
    for (let i = 0; i < 60; i++) obj[`key${i}`] = i;
    delete obj.key3;
    Object.defineProperty(obj, 'credentials', { get: () => stored, set: (v: string) => (stored = `set:${v}`), enumerable: true, configurable: true });
    const keysBefore = Object.keys(obj);
    const same = obj;
    withFastProperties(obj);
    expect(obj).toBe(same);
    expect(Object.keys(obj)).toEqual(keysBefore);
    expect(obj.key59).toBe(59);
    expect(obj.credentials).toBe('initial');
    obj.credentials = 'next';
    expect(obj.credentials).toBe('set:next');
    expect({ ...obj }.credentials).toBe('set:next');
    expect(Object.getPrototypeOf(obj)).toBe(Object.prototype);
  });
});
