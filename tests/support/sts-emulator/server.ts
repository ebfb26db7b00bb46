import { randomUUID } from 'node:crypto';
import { FaultQueue, listenHttp, notify, recorder } from '../emulator-kit';
import type http from 'node:http';
import { TEST_ACCESS_KEY_ID, TEST_SECRET_ACCESS_KEY } from '../bedrock-emulator/server';
import { headerMap, readBody } from '../sso-emulator/http';
import { StsState, type AuthInfo } from './actions';
import type { IssuedStsCredentials, StsAction, StsEmulator, StsEmulatorOptions, StsFault, StsRecordedRequest } from './types';
import { errorXml, parseForm, resultXml, sendXml, STS_VERSION, StsError } from './wire';

const ACTIONS: readonly string[] = ['AssumeRole', 'GetCallerIdentity'] satisfies StsAction[];

/**
 * Starts the STS emulator: awsQuery over HTTP/1.1 (`POST /`, form body, SigV4 with service `sts`),
 * answering AssumeRole and GetCallerIdentity in XML like sts.amazonaws.com.
 */
export async function startStsEmulator(opts: StsEmulatorOptions = {}): Promise<StsEmulator> {
  const state = new StsState(
    opts.credentials ?? { [TEST_ACCESS_KEY_ID]: TEST_SECRET_ACCESS_KEY },
    opts.roles,
    opts.accountId ?? '111122223333',
    opts.userName ?? 'outcrop-test',
  );
  const requests: StsRecordedRequest[] = [];
  const issuedCredentials: IssuedStsCredentials[] = [];
  const faults = new FaultQueue<string, StsFault>();
  const record = recorder(requests, opts.recordLimit, opts.onRequest);

  async function handle(rec: StsRecordedRequest, rawPath: string, query: string, body: Buffer): Promise<string> {
    if (rec.method !== 'POST' && rec.method !== 'GET') throw new StsError('InvalidAction', `Unsupported method ${rec.method}`);
    if (!ACTIONS.includes(rec.action)) {
      throw new StsError('InvalidAction', `Could not find operation ${rec.action || '(none)'} for version ${rec.params.Version ?? 'NO_VERSION_SPECIFIED'}`);
    }
    const fault = faults.take(rec.action);
    if (fault) throw new StsError(fault.code, fault.message, fault.status);
    const info: AuthInfo = {};
    try {
      const caller = await state.authenticate({ method: rec.method, rawPath, query, headers: rec.headers, body }, info);
      if (rec.action === 'GetCallerIdentity') return resultXml(rec.action, state.callerIdentity(caller), rec.requestId);
      const { issued, result } = state.assumeRole(caller, rec.params);
      issuedCredentials.push(issued);
      notify(opts.onCredentials, issued);
      return resultXml(rec.action, result, rec.requestId);
    } finally {
      Object.assign(rec, info);
    }
  }

  async function serve(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const body = await readBody(req);
    if (body === undefined) return;
    const rawUrl = req.url ?? '/';
    const q = rawUrl.indexOf('?');
    const rawPath = q < 0 ? rawUrl : rawUrl.slice(0, q);
    const query = q < 0 ? '' : rawUrl.slice(q + 1);
    const params = parseForm(query);
    if (req.method === 'POST') parseForm(body.toString('utf8'), params);
    const rec: StsRecordedRequest = {
      action: params.Action ?? '',
      method: req.method ?? 'GET',
      path: rawPath,
      params,
      headers: headerMap(req),
      time: Date.now(),
      requestId: randomUUID(),
    };
    try {
      const xml = await handle(rec, rawPath, query, body);
      rec.status = 200;
      sendXml(res, 200, xml, rec.requestId);
    } catch (err) {
      const e = err instanceof StsError ? err : new StsError('InternalFailure', `STS emulator bug: ${(err as Error)?.stack ?? err}`);
      rec.status = e.status;
      rec.errorCode = e.code;
      sendXml(res, e.status, errorXml(e, rec.requestId), rec.requestId);
    }
    record(rec);
  }

  const { server, port, url } = await listenHttp(serve, opts);

  return {
    url,
    port,
    requests,
    issuedCredentials,
    lastRequest(action) {
      for (let i = requests.length - 1; i >= 0; i--) {
        if (!action || requests[i].action === action) return requests[i];
      }
      return undefined;
    },
    addCredentials(accessKeyId, secretAccessKey) {
      state.staticKeys.set(accessKeyId, secretAccessKey);
    },
    failNext(action, fault) {
      faults.push(action, fault);
    },
    expireCredentials(accessKeyId) {
      for (const id of accessKeyId === undefined ? state.issued.keys() : [accessKeyId]) state.expired.add(id);
    },
    reset() {
      requests.length = 0;
      issuedCredentials.length = 0;
      faults.clear();
      state.clear();
    },
    close() {
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
