import { Metadata, Server, ServerCredentials, credentials, makeGenericClientConstructor, status, type ServiceDefinition, type ServiceError } from '@grpc/grpc-js';
import { DaprdProcess, freePort, tempDir } from '@dapr-ts/testing';

const raw = (b: Buffer): Buffer => b;
/** A gRPC-native app's own service, unknown to Dapr: text in, text out. */
const EchoService: ServiceDefinition = {
  Unary: { path: '/demo.Echo/Unary', requestStream: false, responseStream: false, requestSerialize: raw, requestDeserialize: raw, responseSerialize: raw, responseDeserialize: raw },
  Chat: { path: '/demo.Echo/Chat', requestStream: true, responseStream: true, requestSerialize: raw, requestDeserialize: raw, responseSerialize: raw, responseDeserialize: raw },
  Fail: { path: '/demo.Echo/Fail', requestStream: false, responseStream: false, requestSerialize: raw, requestDeserialize: raw, responseSerialize: raw, responseDeserialize: raw },
};
const EchoClient = makeGenericClientConstructor(EchoService, 'demo.Echo');

describe('gRPC proxying with dapr-app-id metadata', () => {
  const registryDir = tempDir('dapr-registry-');
  let app: Server;
  let appSidecar: DaprdProcess;
  let callerSidecar: DaprdProcess;
  const seenMetadata: Metadata[] = [];

  beforeAll(async () => {
    const appPort = await freePort();
    app = new Server();
    app.addService(EchoService, {
      Unary: (call: { request: Buffer; metadata: Metadata }, cb: (e: ServiceError | null, r?: Buffer) => void) => {
        seenMetadata.push(call.metadata);
        cb(null, Buffer.from(`echo:${call.request.toString()}`));
      },
      Chat: (call: NodeJS.EventEmitter & { write(b: Buffer): void; end(): void }) => {
        call.on('data', (b: Buffer) => call.write(Buffer.from(b.toString().toUpperCase())));
        call.on('end', () => call.end());
      },
      Fail: (_call: unknown, cb: (e: Partial<ServiceError> | null) => void) => cb({ code: status.FAILED_PRECONDITION, details: 'not today' }),
    });
    await new Promise<void>((resolve, reject) => app.bindAsync(`127.0.0.1:${appPort}`, ServerCredentials.createInsecure(), (e) => (e ? reject(e) : resolve())));
    appSidecar = new DaprdProcess({ appId: 'echo-app', appPort, appProtocol: 'grpc', registryDir });
    callerSidecar = new DaprdProcess({ appId: 'caller', registryDir });
    await Promise.all([appSidecar.run(), callerSidecar.run()]);
    await Promise.all([appSidecar.waitUntilAppReady(), callerSidecar.waitUntilRunning()]);
  });

  afterAll(async () => {
    await Promise.all([appSidecar.cleanup(), callerSidecar.cleanup()]);
    app.forceShutdown();
  });

  function client(sidecar: DaprdProcess): InstanceType<typeof EchoClient> {
    return new EchoClient(`127.0.0.1:${sidecar.grpcPort}`, credentials.createInsecure());
  }

  function unary(c: InstanceType<typeof EchoClient>, method: string, body: string, md: Metadata): Promise<string> {
    return new Promise((resolve, reject) => {
      (c as unknown as Record<string, (r: Buffer, m: Metadata, cb: (e: ServiceError | null, r?: Buffer) => void) => void>)[method]!(Buffer.from(body), md, (e, r) => (e ? reject(e) : resolve(r!.toString())));
    });
  }

  const target = (appId: string): Metadata => {
    const md = new Metadata();
    md.set('dapr-app-id', appId);
    md.set('x-trace-me', 'yes');
    return md;
  };

  it('forwards a unary call across two sidecars with metadata', async () => {
    const c = client(callerSidecar);
    expect(await unary(c, 'Unary', 'hello', target('echo-app'))).toBe('echo:hello');
    const md = seenMetadata.at(-1)!;
    expect(md.get('x-trace-me')).toEqual(['yes']);
    expect(md.get('dapr-caller-app-id')).toEqual(['caller']);
    c.close();
  });

  it('forwards a call to its own app through the same sidecar', async () => {
    const c = client(appSidecar);
    expect(await unary(c, 'Unary', 'local', target('echo-app'))).toBe('echo:local');
    c.close();
  });

  it('streams both ways through the proxy', async () => {
    const c = client(callerSidecar);
    const call = (c as unknown as { Chat(m: Metadata): NodeJS.EventEmitter & { write(b: Buffer): void; end(): void } }).Chat(target('echo-app'));
    const got: string[] = [];
    const done = new Promise<void>((resolve, reject) => {
      call.on('data', (b: Buffer) => got.push(b.toString()));
      call.on('end', () => resolve());
      call.on('error', reject);
    });
    for (const word of ['one', 'two', 'three']) call.write(Buffer.from(word));
    call.end();
    await done;
    expect(got).toEqual(['ONE', 'TWO', 'THREE']);
    c.close();
  });

  it("passes the app's error status through", async () => {
    const c = client(callerSidecar);
    await expect(unary(c, 'Fail', 'x', target('echo-app'))).rejects.toMatchObject({ code: status.FAILED_PRECONDITION, details: 'not today' });
    c.close();
  });

  it('answers NotFound for an unknown target app', async () => {
    const c = client(callerSidecar);
    await expect(unary(c, 'Unary', 'x', target('nobody'))).rejects.toMatchObject({ code: status.NOT_FOUND });
    c.close();
  });
});
