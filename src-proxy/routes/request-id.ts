// Request ids (fastify's request.id, the request log's entry id, the diagnostic log's reqId).
// fastify's default is a per-process counter (req-1, req-2, …): after a restart the new
// process's req-1 was taken for the old one by anything that told entries apart by id (the Logs
// screen). These are unique across restarts and sort by time as plain strings:
//   "r" + 9 base-36 digits of epoch ms + 3 base-36 digits of a counter within that ms + 4 random
// base-36 digits, always 17 characters, e.g. r0mie0x1kq000a3f9.

const TIME_DIGITS = 9; // 36^9 ms reaches the year 5188
const COUNT_DIGITS = 3;
const COUNT_MAX = 36 ** COUNT_DIGITS;
const RANDOM_DIGITS = 4;

/** Makes request ids that are unique across processes and, within one process, strictly increasing. */
export function requestIdGenerator(now: () => number = Date.now): () => string {
  let lastMs = 0;
  let count = 0;
  return () => {
    const ms = now();
    if (ms > lastMs) {
      lastMs = ms;
      count = 0;
    } else if (++count >= COUNT_MAX) {
      // More requests in one millisecond than the counter holds (or the clock went back): borrow
      // the next millisecond, so that ids keep increasing.
      lastMs += 1;
      count = 0;
    }
    return `r${lastMs.toString(36).padStart(TIME_DIGITS, '0')}${count.toString(36).padStart(COUNT_DIGITS, '0')}${randomDigits()}`;
  };
}

// Not a secret, only apart from another process's ids of the same millisecond: Math.random does.
function randomDigits(): string {
  const n = Math.floor(Math.random() * 36 ** RANDOM_DIGITS);
  return n.toString(36).padStart(RANDOM_DIGITS, '0');
}

