import type { ProtocolCodec, StreamEncoder } from '../../converse/runner';
import { forClient, renderResponseObject, type RenderContext, type ResponseObject } from './response-object';
import { responsesStreamEncoder } from './stream-encoder';

/** The Responses codec: response objects, the response.* SSE sequence; `done` receives each finished response (to store it). */
export function responsesCodec(rc: RenderContext, opts: { includeEncrypted: boolean; done: (response: ResponseObject) => void }): ProtocolCodec {
  return {
    renderResponse(res) {
      const response = renderResponseObject(res, rc);
      opts.done(response);
      return { body: forClient(response, opts.includeEncrypted), finishReason: res.stopReason };
    },
    toolIdPrefix: () => `call_${rc.id.slice(-8)}`,
    streamEncoder(): StreamEncoder {
      return responsesStreamEncoder(rc, opts.includeEncrypted, opts.done);
    },
  };
}
