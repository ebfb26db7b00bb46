import { describe, expect, test } from 'vitest';
import type { ResponseObject } from '../../src-proxy/protocols/openai-responses/response-object';
import { ResponseStore, type ResponsePersistence, type StoredResponse } from '../../src-proxy/protocols/openai-responses/response-store';

// The store mirrors every change to an injected persistence and starts with what it kept; a fake
// persistence (a Map in insertion order) stands in for the core's files.
const entry = (text: string): StoredResponse => ({ response: { id: 'x', output_text: text } as unknown as ResponseObject, input: [], output: [], ownInput: [] });

class FakePersistence implements ResponsePersistence {
  readonly kept = new Map<string, StoredResponse>();
  readonly calls: string[] = [];
  async load() {
    return [...this.kept].map(([id, value]) => ({ id, value }));
  }
  save(id: string, value: StoredResponse) {
    this.calls.push(`save ${id}`);
    this.kept.delete(id);
    this.kept.set(id, value);
  }
  remove(id: string) {
    this.calls.push(`remove ${id}`);
    this.kept.delete(id);
  }
}

describe('response store with a persistence', () => {
  test('put and delete are mirrored; eviction by count removes the oldest from the persistence too', () => {
    const disk = new FakePersistence();
    const store = new ResponseStore(() => ({ maxResponses: 2, maxBytes: 1e6 }), disk);
    store.put('a', entry('1'));
    store.put('b', entry('2'));
    store.put('c', entry('3'));
    expect(disk.calls).toEqual(['save a', 'save b', 'save c', 'remove a']);
    expect([...disk.kept.keys()]).toEqual(['b', 'c']);
    expect(store.delete('b')).toBe(true);
    expect(store.delete('b')).toBe(false);
    expect([...disk.kept.keys()]).toEqual(['c']);
    expect(disk.calls.filter((c) => c === 'remove b')).toHaveLength(1);
  });

  test('byte cap: evicted responses leave the persistence; one too big for the cap is neither kept nor saved, and replaces nothing', () => {
    const disk = new FakePersistence();
    const store = new ResponseStore(() => ({ maxResponses: 100, maxBytes: 600 }), disk);
    store.put('a', entry('x'.repeat(200)));
    store.put('b', entry('y'.repeat(200)));
    store.put('c', entry('z'.repeat(200)));
    expect(disk.kept.has('a')).toBe(false);
    expect([...disk.kept.keys()]).toEqual(['b', 'c']);
    store.put('huge', entry('h'.repeat(1000)));
    expect(disk.calls).not.toContain('save huge');
    expect(store.get('huge')).toBeUndefined();
  });

  test('replacing an id saves it as the newest, with no remove in between', () => {
    const disk = new FakePersistence();
    const store = new ResponseStore(() => ({ maxResponses: 2, maxBytes: 1e6 }), disk);
    store.put('a', entry('1'));
    store.put('b', entry('2'));
    store.put('a', entry('1 again'));
    store.put('c', entry('3'));
    expect(disk.calls).toEqual(['save a', 'save b', 'save a', 'save c', 'remove b']);
    expect(store.get('a')?.response.output_text).toBe('1 again');
  });

  test('restore on start: what the persistence kept is served, oldest first, before anything new', async () => {
    const disk = new FakePersistence();
    disk.kept.set('old1', entry('first'));
    disk.kept.set('old2', entry('second'));
    const store = new ResponseStore(() => ({ maxResponses: 3, maxBytes: 1e6 }), disk);
    expect(await store.restore()).toBe(2);
    expect(store.get('old1')?.response.output_text).toBe('first');
    expect(disk.calls).toEqual([]); // restoring writes nothing back
    store.put('new1', entry('3'));
    store.put('new2', entry('4'));
    expect(store.get('old1')).toBeUndefined(); // the oldest restored one went first
    expect(store.get('old2')).toBeDefined();
    expect([...disk.kept.keys()]).toEqual(['old2', 'new1', 'new2']);
  });

  test('restore applies limits lowered since the responses were kept: the oldest are evicted, from the persistence too', async () => {
    const disk = new FakePersistence();
    for (const id of ['r1', 'r2', 'r3', 'r4']) disk.kept.set(id, entry(id));
    const store = new ResponseStore(() => ({ maxResponses: 2, maxBytes: 1e6 }), disk);
    expect(await store.restore()).toBe(2);
    expect([store.get('r1'), store.get('r2')]).toEqual([undefined, undefined]);
    expect(store.size).toBe(2);
    expect([...disk.kept.keys()]).toEqual(['r3', 'r4']);
  });

  test('restore by bytes; responses stored before restore finished count as newer and are kept', async () => {
    const disk = new FakePersistence();
    disk.kept.set('old', entry('o'.repeat(300)));
    disk.kept.set('older-dup', entry('d'));
    const store = new ResponseStore(() => ({ maxResponses: 10, maxBytes: 600 }), disk);
    store.put('fresh', entry('f'.repeat(300)));
    await store.restore();
    expect(store.get('fresh')).toBeDefined();
    expect(store.get('old')).toBeUndefined();
    expect(store.totalBytes).toBeLessThanOrEqual(600);
  });

  test('without a persistence, restore keeps nothing and changes nothing', async () => {
    const store = new ResponseStore(() => ({ maxResponses: 2, maxBytes: 1e6 }));
    store.put('a', entry('1'));
    expect(await store.restore()).toBe(0);
    expect(store.size).toBe(1);
  });
});
