import { defaultFoundationModels, defaultInferenceProfiles } from './catalog';
import { BedrockError, sendJson } from './errors';
import type { Exchange } from './exchange';
import type { FoundationModelSummary, InferenceProfileSummary, RecordedRequest } from './types';

export interface ControlPlaneData {
  foundationModels?: FoundationModelSummary[];
  inferenceProfiles?: InferenceProfileSummary[];
}

const ENUMS: Record<string, string[]> = {
  byOutputModality: ['TEXT', 'IMAGE', 'EMBEDDING'],
  byInferenceType: ['ON_DEMAND', 'PROVISIONED'],
  byCustomizationType: ['FINE_TUNING', 'CONTINUED_PRE_TRAINING', 'DISTILLATION'],
  type: ['SYSTEM_DEFINED', 'APPLICATION'],
};

/** Parses a raw query string into single values (last one wins). */
export function parseQuery(query: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of query.split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    out[decodeURIComponent(eq < 0 ? pair : pair.slice(0, eq))] = eq < 0 ? '' : decodeURIComponent(pair.slice(eq + 1));
  }
  return out;
}

function checkEnum(params: Record<string, string>, name: string): void {
  const value = params[name];
  if (value !== undefined && !ENUMS[name].includes(value)) {
    throw new BedrockError(
      'ValidationException',
      `1 validation error detected: Value '${value}' at '${name}' failed to satisfy constraint: Member must satisfy enum value set: [${ENUMS[name].join(', ')}]`,
    );
  }
}

/** Answers GET /foundation-models with the byProvider/byOutputModality/byInferenceType/byCustomizationType filters. */
export function listFoundationModels(ex: Exchange, data: ControlPlaneData, region: string): void {
  const q = parseQuery(ex.query);
  for (const name of ['byOutputModality', 'byInferenceType', 'byCustomizationType']) checkEnum(q, name);
  let models = data.foundationModels ?? defaultFoundationModels(region);
  if (q.byProvider) {
    const p = q.byProvider.toLowerCase();
    models = models.filter((m) => m.providerName?.toLowerCase() === p);
  }
  if (q.byOutputModality) models = models.filter((m) => m.outputModalities?.includes(q.byOutputModality));
  // Models reached only through inference profiles are listed with INFERENCE_PROFILE and do
  // not match byInferenceType=ON_DEMAND, as on AWS.
  if (q.byInferenceType) models = models.filter((m) => m.inferenceTypesSupported?.includes(q.byInferenceType));
  if (q.byCustomizationType) models = models.filter((m) => m.customizationsSupported?.includes(q.byCustomizationType));
  sendJson(ex, { modelSummaries: models });
}

function decodeToken(token: string): number {
  const m = /^emulator:(\d+)$/.exec(Buffer.from(token, 'base64').toString('utf8'));
  if (!m) throw new BedrockError('ValidationException', 'Invalid pagination token.');
  return Number(m[1]);
}

/** Answers GET /inference-profiles with typeEquals (query `type`), maxResults and nextToken paging. */
export function listInferenceProfiles(ex: Exchange, data: ControlPlaneData, region: string): void {
  const q = parseQuery(ex.query);
  checkEnum(q, 'type');
  let max = 1000;
  if (q.maxResults !== undefined) {
    max = Number(q.maxResults);
    if (!Number.isInteger(max) || max < 1 || max > 1000) {
      throw new BedrockError(
        'ValidationException',
        `1 validation error detected: Value '${q.maxResults}' at 'maxResults' failed to satisfy constraint: Member must have value between 1 and 1000`,
      );
    }
  }
  let profiles = data.inferenceProfiles ?? defaultInferenceProfiles(region);
  profiles = profiles.filter((p) => p.type === (q.type ?? 'SYSTEM_DEFINED'));
  const start = q.nextToken ? decodeToken(q.nextToken) : 0;
  const page = profiles.slice(start, start + max);
  const next = start + max < profiles.length ? Buffer.from(`emulator:${start + max}`).toString('base64') : undefined;
  sendJson(ex, next ? { inferenceProfileSummaries: page, nextToken: next } : { inferenceProfileSummaries: page });
}

/** Routes a control-plane request that passed authentication. */
export function handleControlPlane(ex: Exchange, rec: RecordedRequest, data: ControlPlaneData, region: string): void {
  if (rec.operation === 'ListFoundationModels') return listFoundationModels(ex, data, region);
  return listInferenceProfiles(ex, data, region);
}
