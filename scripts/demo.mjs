#!/usr/bin/env node
// `npm start`: builds daprd and placement, then runs placement and the hello-world app with its
// sidecar using the in-memory components in examples/resources. No external server needed.
// Ctrl-C stops everything.
import { spawn, spawnSync } from 'node:child_process';
import { connect } from 'node:net';

const httpPort = process.env.DAPR_HTTP_PORT ?? '3500';
const grpcPort = process.env.DAPR_GRPC_PORT ?? '50001';
const appPort = process.env.APP_PORT ?? '3000';

const placementPort = process.env.PLACEMENT_PORT ?? '50005';

const build = spawnSync('npx', ['nx', 'run-many', '-t', 'build', '--projects=daprd,placement', '--output-style=static'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

/** True when something (e.g. `dapr init`'s placement) already listens on the port. */
const listening = (port) =>
  new Promise((resolve) => {
    const socket = connect({ port: Number(port), host: '127.0.0.1' });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
const reusePlacement = await listening(placementPort);

const env = { ...process.env, DAPR_HTTP_PORT: httpPort, DAPR_GRPC_PORT: grpcPort, APP_PORT: appPort };
const prefix = (tag, stream, out) => {
  let rest = '';
  stream.on('data', (d) => {
    const lines = (rest + d.toString()).split('\n');
    rest = lines.pop() ?? '';
    for (const line of lines) out.write(`${tag} ${line}\n`);
  });
};
const placement = reusePlacement ? undefined : spawn(process.execPath, ['dist/apps/placement/main.js', '--port', placementPort, '--healthz-port', '0', '--metrics-port', '0'], { env });
if (placement) {
  prefix('== PLACEMENT ==', placement.stdout, process.stdout);
  prefix('== PLACEMENT ==', placement.stderr, process.stderr);
}
const daprd = spawn(process.execPath, ['dist/apps/daprd/main.js', '--app-id', 'nodeapp', '--app-port', appPort, '--dapr-http-port', httpPort, '--dapr-grpc-port', grpcPort, '--resources-path', 'examples/resources', '--placement-host-address', `127.0.0.1:${placementPort}`], { env });
const app = spawn(process.execPath, ['examples/hello-world/app.mjs'], { env });
prefix('== DAPR ==', daprd.stdout, process.stdout);
prefix('== DAPR ==', daprd.stderr, process.stderr);
prefix('== APP ==', app.stdout, process.stdout);
prefix('== APP ==', app.stderr, process.stderr);

process.stdout.write(`
Dapr sidecar for app "nodeapp": HTTP http://127.0.0.1:${httpPort}  gRPC 127.0.0.1:${grpcPort}  (app on :${appPort})
Placement: 127.0.0.1:${placementPort}${reusePlacement ? ' (already running, reused)' : ''}
Try:
  curl -X POST http://127.0.0.1:${httpPort}/v1.0/invoke/nodeapp/method/neworder -H 'content-type: application/json' -d '{"data":{"orderId":42}}'
  curl http://127.0.0.1:${httpPort}/v1.0/invoke/nodeapp/method/order
  curl http://127.0.0.1:${httpPort}/v1.0/state/statestore/order
  curl http://127.0.0.1:${httpPort}/v1.0/secrets/localsecretstore/greeting
  curl -X POST http://127.0.0.1:${httpPort}/v1.0/publish/pubsub/orders -H 'content-type: application/json' -d '{"orderId":7,"priority":"high"}'
  curl -X POST http://127.0.0.1:${httpPort}/v1.0/publish/pubsub/receipts -H 'content-type: application/json' -d '{"orderId":7}'
  curl -X POST http://127.0.0.1:${httpPort}/v1.0/bindings/files -H 'content-type: application/json' -d '{"operation":"create","data":"hello","metadata":{"fileName":"hello.txt"}}'
  curl -X PUT http://127.0.0.1:${httpPort}/v1.0/actors/Counter/c1/method/increment
  curl http://127.0.0.1:${httpPort}/v1.0/actors/Counter/c1/state/count
  curl http://127.0.0.1:${httpPort}/v1.0/metadata
Ctrl-C stops everything.
`);

let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  app.kill('SIGTERM');
  daprd.kill('SIGTERM');
  placement?.kill('SIGTERM');
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
daprd.on('exit', (code) => {
  stop();
  process.exitCode = code ?? 0;
});
app.on('exit', () => stop());
