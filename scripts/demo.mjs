#!/usr/bin/env node
// `npm start`: builds daprd, then runs the hello-world app with its sidecar using the in-memory
// components in examples/resources. No external server needed. Ctrl-C stops both.
import { spawn, spawnSync } from 'node:child_process';

const httpPort = process.env.DAPR_HTTP_PORT ?? '3500';
const grpcPort = process.env.DAPR_GRPC_PORT ?? '50001';
const appPort = process.env.APP_PORT ?? '3000';

const build = spawnSync('npx', ['nx', 'run', 'daprd:build', '--output-style=static'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const env = { ...process.env, DAPR_HTTP_PORT: httpPort, DAPR_GRPC_PORT: grpcPort, APP_PORT: appPort };
const prefix = (tag, stream, out) => {
  let rest = '';
  stream.on('data', (d) => {
    const lines = (rest + d.toString()).split('\n');
    rest = lines.pop() ?? '';
    for (const line of lines) out.write(`${tag} ${line}\n`);
  });
};
const daprd = spawn(process.execPath, ['dist/apps/daprd/main.js', '--app-id', 'nodeapp', '--app-port', appPort, '--dapr-http-port', httpPort, '--dapr-grpc-port', grpcPort, '--resources-path', 'examples/resources'], { env });
const app = spawn(process.execPath, ['examples/hello-world/app.mjs'], { env });
prefix('== DAPR ==', daprd.stdout, process.stdout);
prefix('== DAPR ==', daprd.stderr, process.stderr);
prefix('== APP ==', app.stdout, process.stdout);
prefix('== APP ==', app.stderr, process.stderr);

process.stdout.write(`
Dapr sidecar for app "nodeapp": HTTP http://127.0.0.1:${httpPort}  gRPC 127.0.0.1:${grpcPort}  (app on :${appPort})
Try:
  curl -X POST http://127.0.0.1:${httpPort}/v1.0/invoke/nodeapp/method/neworder -H 'content-type: application/json' -d '{"data":{"orderId":42}}'
  curl http://127.0.0.1:${httpPort}/v1.0/invoke/nodeapp/method/order
  curl http://127.0.0.1:${httpPort}/v1.0/state/statestore/order
  curl http://127.0.0.1:${httpPort}/v1.0/secrets/localsecretstore/greeting
  curl -X POST http://127.0.0.1:${httpPort}/v1.0/publish/pubsub/orders -H 'content-type: application/json' -d '{"orderId":7,"priority":"high"}'
  curl -X POST http://127.0.0.1:${httpPort}/v1.0/publish/pubsub/receipts -H 'content-type: application/json' -d '{"orderId":7}'
  curl -X POST http://127.0.0.1:${httpPort}/v1.0/bindings/files -H 'content-type: application/json' -d '{"operation":"create","data":"hello","metadata":{"fileName":"hello.txt"}}'
  curl http://127.0.0.1:${httpPort}/v1.0/metadata
Ctrl-C stops everything.
`);

let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  app.kill('SIGTERM');
  daprd.kill('SIGTERM');
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
daprd.on('exit', (code) => {
  stop();
  process.exitCode = code ?? 0;
});
app.on('exit', () => stop());
