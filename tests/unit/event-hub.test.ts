import { expect, test } from 'vitest';
import { EventHub } from '../../src-main/core/event-hub';

test('a subscriber that throws does not stop the others, and its error is reported, not swallowed', () => {
  const errors: unknown[] = [];
  const hub = new EventHub(10, 5, (err) => errors.push(err));
  const seen: number[] = [];
  hub.subscribe(() => {
    throw new Error('broken subscriber');
  });
  hub.subscribe((e) => seen.push(e.id));
  hub.publish({ type: 'warning', message: 'one' });
  expect(seen).toEqual([1]);
  expect(errors).toEqual([expect.objectContaining({ message: 'broken subscriber' })]);
});
