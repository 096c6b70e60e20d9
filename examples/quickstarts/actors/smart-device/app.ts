// The actor host of Dapr's actors quickstart: a DaprServer that registers SmokeDetectorActor. Its
// sidecar learns the actor types from GET /dapr/config and reports them to placement, so every
// sidecar can route calls for a SmokeDetectorActor here.
import { DaprServer } from '@dapr/dapr';
import { SmokeDetectorActor } from './smoke-detector-actor';

const AppPort = process.env.APP_PORT ?? '5001';

async function main(): Promise<void> {
  const server = new DaprServer({
    serverHost: '127.0.0.1',
    serverPort: AppPort,
    clientOptions: { daprHost: '127.0.0.1', daprPort: process.env.DAPR_HTTP_PORT ?? '3500' },
  });
  await server.actor.init();
  await server.actor.registerActor(SmokeDetectorActor);
  await server.start();
  console.log(`Smart device service listening on port ${AppPort}, hosting SmokeDetectorActor`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
