import type { BedrockGateway } from './gateway';

// Requests in flight on a replaced gateway keep using it; it is closed once they have had time to end.
const RETIRE_AFTER_MS = 15 * 60_000;

/** A gateway whose target can be replaced at run time (profile, region or endpoint changed), for the next request. */
export class SwitchableGateway implements BedrockGateway {
  constructor(private inner: BedrockGateway) {}

  /** Sends later requests to `next`; the old gateway is closed after a grace period. */
  swap(next: BedrockGateway): void {
    const old = this.inner;
    this.inner = next;
    setTimeout(() => old.close(), RETIRE_AFTER_MS).unref();
  }

  get current(): BedrockGateway {
    return this.inner;
  }

  converse: BedrockGateway['converse'] = (input, signal) => this.inner.converse(input, signal);
  converseStream: BedrockGateway['converseStream'] = (input, signal) => this.inner.converseStream(input, signal);
  invokeModel: BedrockGateway['invokeModel'] = (input, signal) => this.inner.invokeModel(input, signal);
  countTokens: BedrockGateway['countTokens'] = (input, signal) => this.inner.countTokens(input, signal);
  listModels: BedrockGateway['listModels'] = (signal) => this.inner.listModels(signal);
  region: BedrockGateway['region'] = () => this.inner.region();
  describe: BedrockGateway['describe'] = () => this.inner.describe();
  warm: BedrockGateway['warm'] = (opts) => this.inner.warm(opts);
  close(): void {
    this.inner.close();
  }
}
