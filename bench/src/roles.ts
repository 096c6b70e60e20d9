import { Server, ServerCredentials, type sendUnaryData, type ServerUnaryCall, type UntypedServiceImplementation } from '@grpc/grpc-js';
import { type commonV1, runtimeV1 } from '@dapr-ts/proto';
import { actorApp } from './actors-app';
import { pubsubSubscriber } from './pubsub-subscriber';
import { bareProxy, echoApp } from './upstreams';

/** Child-process roles of the bench; each prints `ready <port>` once listening. */
export async function runRole(role: string, args: string[]): Promise<void> {
  if (role === 'echo') {
    const { port } = await echoApp();
    process.stdout.write(`ready ${port}\n`);
  } else if (role === 'proxy') {
    const { port } = await bareProxy(Number(args[0]));
    process.stdout.write(`ready ${port}\n`);
  } else if (role === 'grpc-echo') {
    const reply = Buffer.from(JSON.stringify({ data: 'x'.repeat(1000) }));
    const server = new Server();
    const impl: Partial<runtimeV1.AppCallbackServer> = {
      onInvoke: (_call: ServerUnaryCall<commonV1.InvokeRequest, commonV1.InvokeResponse>, cb: sendUnaryData<commonV1.InvokeResponse>) =>
        cb(null, { data: { typeUrl: '', value: reply }, contentType: 'application/json' }),
    };
    server.addService(runtimeV1.AppCallbackService, impl as UntypedServiceImplementation);
    const port = await new Promise<number>((resolve, reject) => server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (e, p) => (e ? reject(e) : resolve(p))));
    process.stdout.write(`ready ${port}\n`);
  } else if (role === 'actor-app') {
    const { port } = await actorApp();
    process.stdout.write(`ready ${port}\n`);
  } else if (role === 'subscriber') {
    const { port } = await pubsubSubscriber();
    process.stdout.write(`ready ${port}\n`);
  } else {
    throw new Error(`unknown role ${role}`);
  }
}
