// The classic Dapr hello-world order app, in plain Node: POST /neworder stores the order through
// the sidecar's state API, GET /order reads it back. It also subscribes to pub/sub topics (the
// `receipts` topic programmatically via GET /dapr/subscribe, `orders` declaratively in
// examples/resources/subscription.yaml) and takes the cron input binding on POST /cron.
// The sidecar finds it on APP_PORT.
import { createServer } from 'node:http';

const daprPort = process.env.DAPR_HTTP_PORT ?? '3500';
const appPort = Number(process.env.APP_PORT ?? 3000);
const stateUrl = `http://127.0.0.1:${daprPort}/v1.0/state/statestore`;

createServer(async (req, res) => {
  try {
    if (req.method === 'POST' && req.url === '/neworder') {
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
