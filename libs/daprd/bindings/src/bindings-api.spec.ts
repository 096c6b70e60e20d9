import { BindingRequestError, type InvokeRequest, type InvokeResponse, type OutputBinding } from '@dapr-ts/components-bindings';
import { bindingErrors, isDaprApiError } from '@dapr-ts/daprd-errors';
import { BindingsApi } from './bindings-api';
import type { OutputBindingLookup } from './output-binding-lookup';

const signal = new AbortController().signal;

/** An output binding whose answer each test decides; it records what it was asked. */
class ScriptedBinding implements OutputBinding {
  readonly calls: InvokeRequest[] = [];
  answer: (req: InvokeRequest) => Promise<InvokeResponse> = async () => ({});

  async init(): Promise<void> {
    return undefined;
  }

  operations(): readonly string[] {
    return ['create', 'get'];
  }

  invoke(req: InvokeRequest): Promise<InvokeResponse> {
    this.calls.push(req);
    return this.answer(req);
  }

  async close(): Promise<void> {
    return undefined;
  }
}

/** The DaprApiError a call rejects with, reduced to the fields the transports write. */
async function apiError(promise: Promise<unknown>): Promise<{ httpStatus: number; errorCode: string; message: string; reason: unknown }> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isDaprApiError(err)) throw new Error(`expected a DaprApiError, got ${String(err)}`);
  return { httpStatus: err.httpStatus, errorCode: err.errorCode, message: err.message, reason: err.details[0] && 'reason' in err.details[0] ? err.details[0].reason : undefined };
}

describe('BindingsApi', () => {
  let binding: ScriptedBinding;
  let api: BindingsApi;

  beforeEach(() => {
    binding = new ScriptedBinding();
    const lookup: OutputBindingLookup = { get: (name) => (name === 'files' ? binding : undefined) };
    api = new BindingsApi(lookup);
  });

  const invoke = (operation: string, over: { name?: string; data?: string; metadata?: Record<string, string> } = {}): ReturnType<BindingsApi['invoke']> =>
    api.invoke({ name: over.name ?? 'files', operation, data: Buffer.from(over.data ?? ''), metadata: over.metadata ?? {} }, signal);

  describe('.invoke()', () => {
    it('passes operation, data and metadata to the binding', async () => {
      await invoke('create', { data: 'payload', metadata: { fileName: 'a.txt' } });
      expect(binding.calls).toEqual([{ operation: 'create', data: Buffer.from('payload'), metadata: { fileName: 'a.txt' } }]);
    });

    it('returns the binding data as a Buffer with its metadata and content type', async () => {
      binding.answer = async () => ({ data: new Uint8Array([104, 105]), metadata: { statusCode: '200' }, contentType: 'text/plain' });
      const result = await invoke('get');
      expect(Buffer.isBuffer(result.data)).toBe(true);
      expect(result).toEqual({ data: Buffer.from('hi'), metadata: { statusCode: '200' }, contentType: 'text/plain' });
    });

    it('keeps a Buffer view of a sliced Uint8Array without the bytes around it', async () => {
      const backing = new Uint8Array([1, 2, 3, 4, 5]);
      binding.answer = async () => ({ data: backing.subarray(1, 3) });
      expect((await invoke('get')).data).toEqual(Buffer.from([2, 3]));
    });

    it.each([
      ['no data', {}],
      ['empty data', { data: new Uint8Array(0) }],
    ])('returns undefined data and empty metadata when the binding answers %s', async (_what, response) => {
      binding.answer = async () => response;
      expect(await invoke('get')).toEqual({ data: undefined, metadata: {} });
    });

    it('answers 404 for an unknown binding', async () => {
      expect(await apiError(invoke('get', { name: 'nope' }))).toEqual({
        httpStatus: 404,
        errorCode: 'ERR_INVOKE_OUTPUT_BINDING',
        message: "error invoking output binding nope: couldn't find output binding nope",
        reason: 'DAPR_BINDING_NOT_FOUND',
      });
    });

    it('answers 400 for an operation the binding does not support, without calling it', async () => {
      expect(await apiError(invoke('delete'))).toEqual({
        httpStatus: 400,
        errorCode: 'ERR_INVOKE_OUTPUT_BINDING',
        message: 'error invoking output binding files: binding files does not support operation delete. supported operations: create, get',
        reason: 'DAPR_BINDING_BAD_REQUEST',
      });
      expect(binding.calls).toEqual([]);
    });

    it('answers 400 when the binding throws BindingRequestError', async () => {
      binding.answer = async () => {
        throw new BindingRequestError('metadata "fileName" is required');
      };
      expect(await apiError(invoke('get'))).toEqual({
        httpStatus: 400,
        errorCode: 'ERR_INVOKE_OUTPUT_BINDING',
        message: 'error invoking output binding files: metadata "fileName" is required',
        reason: 'DAPR_BINDING_BAD_REQUEST',
      });
    });

    it('answers 500 when the binding fails otherwise, keeping the cause', async () => {
      const cause = new Error('received status code 404');
      binding.answer = async () => {
        throw cause;
      };
      const err = await invoke('get').then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(await apiError(Promise.reject(err))).toEqual({
        httpStatus: 500,
        errorCode: 'ERR_INVOKE_OUTPUT_BINDING',
        message: 'error invoking output binding files: received status code 404',
        reason: 'DAPR_BINDING_INVOKE',
      });
      expect((err as Error).cause).toBe(cause);
    });

    it('passes a DaprApiError from the binding through unchanged', async () => {
      const own = bindingErrors.notFound('inner');
      binding.answer = async () => {
        throw own;
      };
      await expect(invoke('get')).rejects.toBe(own);
    });
  });
});
