// Public API of the Bedrock emulator: see types.ts for the shapes, server.ts for behaviour.
export { startBedrockEmulator, TEST_ACCESS_KEY_ID, TEST_SECRET_ACCESS_KEY, TEST_BEDROCK_API_KEY, EMULATOR_HEADER } from './server';
export { defaultReply, interactiveReply, lastUserText } from './default-replies';
export { defaultFoundationModels, defaultInferenceProfiles, requiresInferenceProfile, ACCOUNT_ID } from './catalog';
export { embedText } from './embeddings';
export { emulatorEnv, emulatorClientConfig, emulatorBearerConfig } from './env';
export { decodeFrames } from './eventstream';
export type {
  BedrockEmulator,
  EmulatorOptions,
  EmulatorStats,
  FoundationModelSummary,
  InferenceProfileSummary,
  Operation,
  RecordedRequest,
  Reply,
  ReplyBlock,
  ReplyError,
  ReplyHandler,
  ReplyStreamError,
  ReplyUsage,
} from './types';

/** A request to the runtime API (Converse, InvokeModel, CountTokens…), not a control-plane listing. */
export function isRuntimeCall(r: { operation: string }): boolean {
  return !r.operation.startsWith('List');
}
