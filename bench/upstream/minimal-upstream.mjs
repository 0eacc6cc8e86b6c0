/**
 * The minimal upstream of the pure proxy rows: node:http with keep-alive, serving the seeded
 * catalog's `GET /products/:id` (and `?ids=`) from bodies serialised once at start, so the
 * upstream costs as little as possible and the proxies in front of it are what is measured.
 * It counts product requests; `GET /__stats` (not counted) reports them.
 *
 * @example PORT=4101 node bench/upstream/minimal-upstream.mjs
 */
import { createServer } from 'node:http';
import { seedProducts } from '../fixtures/seed-products.mjs';

const products = new Map(seedProducts().map((p) => [p.id, p]));
const bodies = new Map(
  [...products].map(([id, p]) => [`/products/${id}`, Buffer.from(JSON.stringify(p))]),
);
const JSON_TYPE = 'application/json; charset=utf-8';
let productRequests = 0;

function send(res, status, body, type = JSON_TYPE) {
  res.writeHead(status, { 'content-type': type, 'content-length': body.length, etag: '"1"' });
  res.end(body);
}

function batch(ids) {
  const items = ids.filter((id) => products.has(id)).map((id) => products.get(id));
  const missing = ids.filter((id) => !products.has(id));
  return Buffer.from(JSON.stringify({ items, missing }));
}

const server = createServer((req, res) => {
  const url = req.url ?? '/';
  const body = bodies.get(url);
  if (body !== undefined) {
    productRequests += 1;
    send(res, 200, body);
  } else if (url.startsWith('/products?ids=')) {
    productRequests += 1;
    send(res, 200, batch(decodeURIComponent(url.slice(14)).split(',')));
  } else if (url === '/readyz' || url === '/healthz') {
    send(res, 200, Buffer.from('{"status":"ok"}'));
  } else if (url === '/__stats') {
    send(res, 200, Buffer.from(JSON.stringify({ productRequests })));
  } else {
    send(res, 404, Buffer.from('{"code":"ROUTE_NOT_FOUND"}'), 'application/problem+json');
  }
});
// Above the proxies' idle timeouts, as the services do: the client side closes first.
server.keepAliveTimeout = 65_000;
server.listen(Number(process.env.PORT), '127.0.0.1');
process.on('SIGTERM', () => {
  server.close();
  server.closeAllConnections();
});
