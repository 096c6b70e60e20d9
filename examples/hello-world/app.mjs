// The classic Dapr hello-world order app, in plain Node: POST /neworder stores the order through
// the sidecar's state API, GET /order reads it back. It also subscribes to pub/sub topics (the
// `receipts` topic programmatically via GET /dapr/subscribe, `orders` declaratively in
// examples/resources/subscription.yaml) and takes the cron input binding on POST /cron. It hosts a
// `Counter` actor too (GET /dapr/config, PUT /actors/Counter/<id>/method/increment), keeping its
// count in the actor state API, so `npm start` shows actors through placement.
// The sidecar finds it on APP_PORT.
import { createServer } from 'node:http';

const daprPort = process.env.DAPR_HTTP_PORT ?? '3500';
const appPort = Number(process.env.APP_PORT ?? 3000);
const stateUrl = `http://127.0.0.1:${daprPort}/v1.0/state/statestore`;

const actorUrl = (id) => `http://127.0.0.1:${daprPort}/v1.0/actors/Counter/${id}`;
const actorMethod = /^\/actors\/Counter\/([^/]+)\/method\/(\w+)$/;

createServer(async (req, res) => {
  try {
    const call = req.method === 'PUT' ? actorMethod.exec(req.url) : null;
    if (req.method === 'GET' && req.url === '/dapr/config') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ entities: ['Counter'], actorIdleTimeout: '1h' }));
    } else if (call && call[2] === 'increment') {
      // One turn at a time per actor id: daprd never runs two increments of one counter at once.
      const current = await fetch(`${actorUrl(call[1])}/state/count`);
      const count = (current.status === 200 ? Number(await current.text()) : 0) + 1;
      const saved = await fetch(`${actorUrl(call[1])}/state`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify([{ operation: 'upsert', request: { key: 'count', value: count } }]) });
      if (!saved.ok) throw new Error(`actor state save failed: ${saved.status} ${await saved.text()}`);
      console.log(`Counter ${decodeURIComponent(call[1])} is now ${count}`);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(count));
    } else if (req.method === 'DELETE' && req.url.startsWith('/actors/Counter/')) {
      res.writeHead(200).end();
    } else if (req.method === 'POST' && req.url === '/neworder') {
      let body = '';
      for await (const chunk of req) body += chunk;
      const order = JSON.parse(body).data;
      const saved = await fetch(stateUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify([{ key: 'order', value: order }]) });
      if (!saved.ok) throw new Error(`state save failed: ${saved.status} ${await saved.text()}`);
      console.log(`Got a new order! Order ID: ${order.orderId}`);
      res.writeHead(200).end();
    } else if (req.method === 'GET' && req.url === '/dapr/subscribe') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify([{ pubsubname: 'pubsub', topic: 'receipts', route: '/receipts' }]));
    } else if (req.method === 'POST' && ['/orders', '/orders/priority', '/receipts'].includes(req.url)) {
      let body = '';
      for await (const chunk of req) body += chunk;
      const event = JSON.parse(body);
      console.log(`Subscriber received on ${req.url}: ${JSON.stringify(event.data)}`);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"SUCCESS"}');
    } else if ((req.method === 'POST' || req.method === 'OPTIONS') && req.url === '/cron') {
      if (req.method === 'POST') console.log('cron binding fired');
      res.writeHead(200).end();
    } else if (req.method === 'GET' && req.url === '/order') {
      const found = await fetch(`${stateUrl}/order`);
      res.writeHead(200, { 'content-type': 'application/json' }).end(found.status === 204 ? '{}' : await found.text());
    } else {
      res.writeHead(404).end();
    }
  } catch (err) {
    res.writeHead(500).end(String(err));
  }
}).listen(appPort, '127.0.0.1', () => console.log(`Node App listening on port ${appPort}!`));
