import type { Settings } from '../../../src-shared/settings';

// How the Models screen names the way a model is called: the inference profile's geography
// (global., us., eu.…), an application profile, or in-region by its bare id.

const GEOS: Record<string, string> = { global: 'Global', us: 'US', eu: 'EU', apac: 'APAC', jp: 'Japan', au: 'Australia', ca: 'Canada', 'us-gov': 'US GovCloud' };

/** "Global", "US", "EU"… for a system profile id, "Application profile" for an ARN, "In-region" without one. */
export function profileLabel(via: string | undefined): string {
  if (!via) return 'In-region';
  if (via.startsWith('arn:')) return 'Application profile';
  const prefix = via.slice(0, via.indexOf('.'));
  return GEOS[prefix] ?? `${prefix}.`;
}

/** The hover text: what is sent, and what the profile means for where data goes. */
export function profileTitle(target: string | undefined, via: string | undefined, region: string | undefined): string {
  if (!via) return `Called in ${region ?? 'the region'} on demand, as ${target ?? 'its model id'}.`;
  if (via.startsWith('global.')) return `Called through the global inference profile ${via}: requests may run in any commercial AWS region.`;
  if (via.startsWith('arn:')) return `Called through the application inference profile ${via}.`;
  return `Called through the inference profile ${via}: requests stay in the ${profileLabel(via)} geography.`;
}

/** The profile preference in words, for the screens that show its effect. */
export const PREFERENCE_TEXT: Record<Settings['profilePreference'], string> = {
  geo: 'the geography’s profile first',
  global: 'the global profile first',
  'in-region': 'in-region first, a profile where a model has no other way',
};
