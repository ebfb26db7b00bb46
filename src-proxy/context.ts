import type { Settings } from '../src-shared/settings';
import type { RequestLogSink } from '../src-shared/request-log';
import type { BedrockGateway } from './bedrock/gateway';
import type { ImageFetcher } from './images/fetch-image';
import type { ModelDirectory } from './models/directory';
import type { ReasoningStore } from './protocols/openai-chat/reasoning-store';
import type { RejectedParams } from './converse/rejected-params';

/** What every route gets: the dependencies handed to buildApp plus per-app state. */
export interface ProxyContext {
  bedrock: BedrockGateway;
  /** The current settings snapshot; read per request so changes apply to the next one. */
  settings: () => Settings;
  log: RequestLogSink;
  fetchImage: ImageFetcher;
  reasoning: ReasoningStore;
  /** What the account can use (cached listing). */
  models: ModelDirectory;
  /** Parameters Bedrock refused per model, left out of later requests (converse/rejected-params.ts). */
  rejectedParams: RejectedParams;
}
