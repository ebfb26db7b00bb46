import type { UsageBucketSize } from '../../../src-shared/admin';

// How the usage screen names its buckets: days are UTC days (as the request log files are), hours
// are shown in the viewer's time zone.

/** "Nov 21" for a day at UTC midnight (epoch seconds). */
export function dayLabel(seconds: number): string {
  return new Date(seconds * 1000).toLocaleDateString(undefined, { month: 'short', day: 'numeric', timeZone: 'UTC' });
}

/** "14:00" for an hour (epoch seconds), in the viewer's time zone. */
export function hourLabel(seconds: number): string {
  return new Date(seconds * 1000).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
}

/** "Nov 21, 14:00" for an hour (epoch seconds), in the viewer's time zone. */
export function hourTitle(seconds: number): string {
  return new Date(seconds * 1000).toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}

/** A bucket's start as the x axis and legend say it. */
export function bucketLabel(bucket: UsageBucketSize, seconds: number): string {
  return bucket === 'hour' ? hourTitle(seconds) : dayLabel(seconds);
}
