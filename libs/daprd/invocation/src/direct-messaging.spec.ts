import { invocationErrors, isDaprApiError } from '@dapr-ts/daprd-errors';
import { nopLogger } from '@dapr-ts/logger';
import type { AppChannel } from './app-channel';
import { DirectMessaging, PeerUnavailableError, type CallerIdentity, type DirectMessagingOptions, type RemoteInvoker } from './direct-messaging';
import type { InvocationRequest, InvocationResponse } from './invocation-types';
import type { NameResolver } from './name-resolver';

const signal = new AbortController().signal;

const request: InvocationRequest = { method: 'orders/1', verb: 'GET', query: 'a=1', contentType: '', data: Buffer.alloc(0), headers: { 'x-custom': ['v'] } };
const ok = (body: string): InvocationResponse => ({ status: 200, headers: {}, contentType: 'text/plain', data: Buffer.from(body) });

/** Name resolution over a fixed table, recording lookups and invalidations. */
class FakeResolver implements NameResolver {
  readonly addresses = new Map<string, string>();
  readonly resolved: string[] = [];
  readonly invalidated: string[] = [];

  async register(): Promise<void> {
    // Nothing to announce.
  }

  async resolve(appId: string, namespace: string): Promise<string | undefined> {
    this.resolved.push(`${appId}.${namespace}`);
    return this.addresses.get(`${appId}.${namespace}`);
  }

  invalidate(appId: string, namespace: string): void {
    this.invalidated.push(`${appId}.${namespace}`);
  }

  async close(): Promise<void> {
    // Nothing held.
  }
}

/** Remote sidecars: answers come from `outcomes`, one per attempt (the last repeats). */
class FakeRemote implements RemoteInvoker {
  readonly calls: { address: string; caller: CallerIdentity; target: string; request: InvocationRequest }[] = [];
  outcomes: (InvocationResponse | Error)[] = [ok('remote')];

  async invoke(address: string, req: InvocationRequest, caller: CallerIdentity, targetAppId: string): Promise<InvocationResponse> {
    this.calls.push({ address, caller, target: targetAppId, request: req });
    const outcome = this.outcomes[Math.min(this.calls.length, this.outcomes.length) - 1]!;
    if (outcome instanceof Error) throw outcome;
    return outcome;
  }
}

/** This sidecar's app: records requests and answers `response`, or throws `failure`. */
class FakeAppChannel implements AppChannel {
  readonly protocol = 'http' as const;
  readonly requests: InvocationRequest[] = [];
  failure: Error | undefined;

  async invoke(req: InvocationRequest): Promise<InvocationResponse> {
    this.requests.push(req);
    if (this.failure) throw this.failure;
    return ok('local');
  }

  async waitUntilReachable(): Promise<void> {
    // Always reachable.
  }

  async close(): Promise<void> {
    // Nothing held.
  }
}

async function apiError(promise: Promise<unknown>): Promise<{ httpStatus: number; errorCode: string; message: string }> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isDaprApiError(err)) throw new Error(`expected a DaprApiError, got ${String(err)}`);
  return { httpStatus: err.httpStatus, errorCode: err.errorCode, message: err.message };
}

describe('DirectMessaging', () => {
  let resolver: FakeResolver;
  let remote: FakeRemote;
  let channel: FakeAppChannel | undefined;

  beforeEach(() => {
    resolver = new FakeResolver();
    resolver.addresses.set('orders.default', '10.0.0.1:50002');
    resolver.addresses.set('orders.prod', '10.0.0.2:50002');
    resolver.addresses.set('myapp.other', '10.0.0.3:50002');
    remote = new FakeRemote();
    channel = new FakeAppChannel();
  });

  const messaging = (over: Partial<DirectMessagingOptions> = {}): DirectMessaging =>
    new DirectMessaging({ appId: 'myapp', namespace: 'default', resolver, appChannel: () => channel, remote, logger: nopLogger(), retryDelayMs: 1, ...over });

  describe('.invoke()', () => {
    it.each(['myapp', 'myapp.default'])('delivers target %j to the app channel with the caller headers', async (target) => {
      expect(await messaging().invoke(target, request, signal)).toEqual(ok('local'));
      expect(channel!.requests).toEqual([
        {
          ...request,
          headers: { 'x-custom': ['v'], 'dapr-caller-app-id': ['myapp'], 'dapr-callee-app-id': ['myapp'], 'dapr-caller-namespace': ['default'] },
        },
      ]);
      expect([resolver.resolved, remote.calls]).toEqual([[], []]);
    });

    it.each([
      ['orders', 'orders.default', '10.0.0.1:50002', 'orders'],
      ['orders.prod', 'orders.prod', '10.0.0.2:50002', 'orders'],
      ['myapp.other', 'myapp.other', '10.0.0.3:50002', 'myapp'],
    ])('sends target %j to the sidecar resolved for %j', async (target, resolved, address, appId) => {
      expect(await messaging().invoke(target, request, signal)).toEqual(ok('remote'));
      expect(resolver.resolved).toEqual([resolved]);
      expect(remote.calls).toEqual([{ address, caller: { appId: 'myapp', namespace: 'default' }, target: appId, request }]);
      expect(channel!.requests).toEqual([]);
    });

    it.each(['a.b.c', 'orders.', '.prod'])('refuses the target %j with 400 and calls nothing', async (target) => {
      expect(await apiError(messaging().invoke(target, request, signal))).toEqual({ httpStatus: 400, errorCode: 'ERR_DIRECT_INVOKE', message: `invalid app id ${target}` });
      expect([resolver.resolved, remote.calls]).toEqual([[], []]);
    });

    it('throws 404 ERR_DIRECT_INVOKE when no instance of the app is registered', async () => {
      expect(await apiError(messaging().invoke('ghost', request, signal))).toEqual({
        httpStatus: 404,
        errorCode: 'ERR_DIRECT_INVOKE',
        message: "fail to invoke, id: ghost, err: failed to resolve address for 'ghost': no instance of app ghost is registered on this host",
      });
      expect(remote.calls).toEqual([]);
    });

    it('retries an unreachable peer `retries` times, invalidating the address each time, then throws 500', async () => {
      remote.outcomes = [new PeerUnavailableError('connect ECONNREFUSED 10.0.0.1:50002')];
      expect(await apiError(messaging({ retries: 2 }).invoke('orders', request, signal))).toEqual({
        httpStatus: 500,
        errorCode: 'ERR_DIRECT_INVOKE',
        message: 'fail to invoke, id: orders, err: connect ECONNREFUSED 10.0.0.1:50002',
      });
      expect(remote.calls).toHaveLength(3);
      expect(resolver.resolved).toEqual(['orders.default', 'orders.default', 'orders.default']);
      expect(resolver.invalidated).toEqual(['orders.default', 'orders.default']);
    });

    it('returns the answer of a peer that recovers within the retries', async () => {
      remote.outcomes = [new PeerUnavailableError('gone'), ok('second try')];
      expect(await messaging({ retries: 3 }).invoke('orders', request, signal)).toEqual(ok('second try'));
      expect([remote.calls.length, resolver.invalidated]).toEqual([2, ['orders.default']]);
    });

    it('does not retry when retries is 0', async () => {
      remote.outcomes = [new PeerUnavailableError('gone')];
      expect((await apiError(messaging({ retries: 0 }).invoke('orders', request, signal))).httpStatus).toBe(500);
      expect([remote.calls.length, resolver.invalidated]).toEqual([1, []]);
    });

    it('does not retry other errors', async () => {
      remote.outcomes = [new Error('bad response')];
      expect(await apiError(messaging({ retries: 3 }).invoke('orders', request, signal))).toEqual({
        httpStatus: 500,
        errorCode: 'ERR_DIRECT_INVOKE',
        message: 'fail to invoke, id: orders, err: bad response',
      });
      expect(remote.calls).toHaveLength(1);
    });

    it('rethrows a DaprApiError from the peer unchanged', async () => {
      const forbidden = invocationErrors.appStatus(7, 403, 'access denied');
      remote.outcomes = [forbidden];
      await expect(messaging().invoke('orders', request, signal)).rejects.toBe(forbidden);
    });

    it('does not retry once the signal is aborted', async () => {
      const controller = new AbortController();
      controller.abort();
      remote.outcomes = [new PeerUnavailableError('gone')];
      expect((await apiError(messaging({ retries: 3 }).invoke('orders', request, controller.signal))).errorCode).toBe('ERR_DIRECT_INVOKE');
      expect(remote.calls).toHaveLength(1);
    });

    it('throws 500 ERR_APP_CHANNEL_NIL for a local call without an app channel', async () => {
      channel = undefined;
      expect(await apiError(messaging().invoke('myapp', request, signal))).toEqual({ httpStatus: 500, errorCode: 'ERR_APP_CHANNEL_NIL', message: 'app channel is not initialized' });
    });

    it('throws 500 ERR_DIRECT_INVOKE when the app channel fails', async () => {
      channel!.failure = new Error('connect ECONNREFUSED 127.0.0.1:3000');
      expect(await apiError(messaging().invoke('myapp', request, signal))).toEqual({
        httpStatus: 500,
        errorCode: 'ERR_DIRECT_INVOKE',
        message: 'fail to invoke, id: myapp, err: error invoking app channel: connect ECONNREFUSED 127.0.0.1:3000',
      });
    });
  });

  describe('.invokeLocal()', () => {
    it('names the remote caller and overrides caller headers sent by the client', async () => {
      const spoofed = { ...request, headers: { 'dapr-caller-app-id': ['evil'], 'x-custom': ['v'] } };
      await messaging().invokeLocal(spoofed, { appId: 'checkout', namespace: 'shop' }, signal);
      expect(channel!.requests[0]?.headers).toEqual({
        'dapr-caller-app-id': ['checkout'],
        'x-custom': ['v'],
        'dapr-callee-app-id': ['myapp'],
        'dapr-caller-namespace': ['shop'],
      });
    });
  });
});
