import { status } from '@grpc/grpc-js';
import type { DaprdProcess } from '@dapr-ts/testing';
import { googleRpc, runtimeV1 } from '@dapr-ts/proto';
import { rawUnary } from '../../../support/raw-grpc';
import { startSidecar } from '../../../support/sidecar-pair';

describe('bad input gets a clear Dapr error and changes nothing', () => {
  let daprd: DaprdProcess;
  const url = (path: string): string => `http://127.0.0.1:${daprd.httpPort}${path}`;
  const json = { 'content-type': 'application/json' };

  beforeAll(async () => {
    daprd = await startSidecar({ appId: 'bad-input-e2e', args: ['--max-body-size', '1Mi'] });
  });
  afterAll(() => daprd.cleanup());

  async function expectError(res: Response, httpStatus: number, errorCode: string, message?: string): Promise<void> {
    expect(res.status).toBe(httpStatus);
    expect(res.headers.get('content-type')).toBe('application/json');
    const body = (await res.json()) as { errorCode: string; message: string; details: { '@type': string }[] };
    expect(body.errorCode).toBe(errorCode);
    if (message) expect(body.message).toBe(message);
    expect(body.details[0]?.['@type']).toBe('type.googleapis.com/google.rpc.ErrorInfo');
  }

  it('refuses malformed JSON on save with 400 ERR_MALFORMED_REQUEST', async () => {
    await expectError(await fetch(url('/v1.0/state/statestore'), { method: 'POST', headers: json, body: '[{"key": "a", ' }), 400, 'ERR_MALFORMED_REQUEST');
  });

  it('refuses a body that is not a list of items', async () => {
    await expectError(await fetch(url('/v1.0/state/statestore'), { method: 'POST', headers: json, body: '{"key":"a"}' }), 400, 'ERR_MALFORMED_REQUEST');
    await expectError(await fetch(url('/v1.0/state/statestore'), { method: 'POST', headers: json, body: '[{"value":1}]' }), 400, 'ERR_MALFORMED_REQUEST');
  });

  it('answers 400 ERR_STATE_STORE_NOT_FOUND for an unknown store', async () => {
    await expectError(await fetch(url('/v1.0/state/nostore/key')), 400, 'ERR_STATE_STORE_NOT_FOUND', 'state store nostore is not found');
    await expectError(await fetch(url('/v1.0/state/nostore'), { method: 'POST', headers: json, body: '[{"key":"a","value":1}]' }), 400, 'ERR_STATE_STORE_NOT_FOUND');
  });

  it('refuses keys containing ||', async () => {
    await expectError(await fetch(url('/v1.0/state/statestore'), { method: 'POST', headers: json, body: '[{"key":"a||b","value":1}]' }), 400, 'ERR_MALFORMED_REQUEST');
  });

  it('answers a malformed etag with 400 and a stale one with 409, changing nothing', async () => {
    await fetch(url('/v1.0/state/statestore'), { method: 'POST', headers: json, body: '[{"key":"etagged","value":"original"}]' });
    await expectError(await fetch(url('/v1.0/state/statestore'), { method: 'POST', headers: json, body: '[{"key":"etagged","value":"x","etag":"not-a-version"}]' }), 400, 'ERR_STATE_SAVE');
    await expectError(await fetch(url('/v1.0/state/statestore'), { method: 'POST', headers: json, body: '[{"key":"etagged","value":"x","etag":"999"}]' }), 409, 'ERR_STATE_SAVE');
    await expectError(await fetch(url('/v1.0/state/statestore/etagged'), { method: 'DELETE', headers: { 'if-match': '999' } }), 409, 'ERR_STATE_DELETE');
    const res = await fetch(url('/v1.0/state/statestore/etagged'));
    expect(await res.json()).toBe('original');
  });

  it('rolls back a transaction with a stale etag entirely', async () => {
    await fetch(url('/v1.0/state/statestore'), { method: 'POST', headers: json, body: '[{"key":"tx-keep","value":"kept"}]' });
    const body = { operations: [{ operation: 'upsert', request: { key: 'tx-new', value: 1 } }, { operation: 'delete', request: { key: 'tx-keep', etag: '999' } }] };
    await expectError(await fetch(url('/v1.0/state/statestore/transaction'), { method: 'POST', headers: json, body: JSON.stringify(body) }), 409, 'ERR_STATE_TRANSACTION');
    expect((await fetch(url('/v1.0/state/statestore/tx-new'))).status).toBe(204);
    expect(await (await fetch(url('/v1.0/state/statestore/tx-keep'))).json()).toBe('kept');
  });

  it('refuses an unknown transaction operation', async () => {
    const body = { operations: [{ operation: 'merge', request: { key: 'a', value: 1 } }] };
    await expectError(await fetch(url('/v1.0/state/statestore/transaction'), { method: 'POST', headers: json, body: JSON.stringify(body) }), 400, 'ERR_NOT_SUPPORTED_STATE_OPERATION');
  });

  it('refuses an invalid ttlInSeconds with 400', async () => {
    const res = await fetch(url('/v1.0/state/statestore?metadata.ttlInSeconds=soon'), { method: 'POST', headers: json, body: '[{"key":"ttl","value":1}]' });
    expect(res.status).toBe(400);
  });

  it('refuses a body over --max-body-size with 400 ERR_BODY_READ before reading it all', async () => {
    const big = JSON.stringify([{ key: 'big', value: 'x'.repeat(1024 * 1024 + 10) }]);
    await expectError(await fetch(url('/v1.0/state/statestore'), { method: 'POST', headers: json, body: big }), 400, 'ERR_BODY_READ');
    expect((await fetch(url('/v1.0/state/statestore/big'))).status).toBe(204);
  });

  it('refuses an oversized gRPC message with ResourceExhausted', async () => {
    const request = Buffer.from(runtimeV1.SaveStateRequest.encode({ storeName: 'statestore', states: [{ key: 'big', value: Buffer.alloc(1024 * 1024 + 10), etag: undefined, metadata: {}, options: undefined }] }).finish());
    const err = await rawUnary(daprd.grpcPort, '/dapr.proto.runtime.v1.Dapr/SaveState', request);
    expect(err?.code).toBe(status.RESOURCE_EXHAUSTED);
  });

  it('answers gRPC errors with the code and an ErrorInfo in grpc-status-details-bin', async () => {
    const request = Buffer.from(runtimeV1.GetStateRequest.encode({ storeName: 'nostore', key: 'k', consistency: 0, metadata: {} }).finish());
    const err = await rawUnary(daprd.grpcPort, '/dapr.proto.runtime.v1.Dapr/GetState', request);
    expect(err?.code).toBe(status.INVALID_ARGUMENT);
    expect(err?.details).toBe('state store nostore is not found');
    const bin = err?.metadata.get('grpc-status-details-bin')[0] as Buffer;
    const rich = googleRpc.Status.decode(bin);
    expect(rich.code).toBe(status.INVALID_ARGUMENT);
    expect(rich.details[0]?.typeUrl).toBe('type.googleapis.com/google.rpc.ErrorInfo');
    expect(googleRpc.ErrorInfo.decode(rich.details[0]!.value)).toEqual({ reason: 'DAPR_STATE_NOT_FOUND', domain: 'dapr.io', metadata: {} });
  });

  it('answers 404 ERR_DIRECT_INVOKE for an unknown app id', async () => {
    await expectError(await fetch(url('/v1.0/invoke/nobody-here/method/x')), 404, 'ERR_DIRECT_INVOKE');
  });

  it.each(['/v1.0/invoke/x/method/a%23b', '/v1.0/invoke/x/method/a%00b', '/v1.0/invoke/x/method/bad%zz'])('refuses the invocation path %s with 400', async (path) => {
    const res = await fetch(url(path));
    expect(res.status).toBe(400);
    expect(((await res.json()) as { errorCode: string }).errorCode).toBe('ERR_DIRECT_INVOKE');
  });

  it('answers unknown routes with 404 and a Dapr error body', async () => {
    await expectError(await fetch(url('/v1.0/nothing-here')), 404, 'ERR_NOT_FOUND');
  });

  it('answers gRPC calls to unknown services without dapr-app-id with Unimplemented', async () => {
    const err = await rawUnary(daprd.grpcPort, '/no.such.Service/Method');
    expect(err?.code).toBe(status.UNIMPLEMENTED);
  });

  it('is still healthy after all of it', async () => {
    expect((await fetch(url('/v1.0/healthz'))).status).toBe(204);
  });
});
