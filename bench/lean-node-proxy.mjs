/**
 * Row L, a reference: the leanest reverse proxy Node.js makes, node:http in front of one undici
 * Pool per upstream, round robin, keep-alive on both sides, and nothing else (no routing, breaker,
 * retries, checks, cache, logs or metrics). It is the "best Node transport" of issue 5's goals,
 * measured in the same run, so that row 4 against it is what the gateway's features cost and
 * row L against HAProxy is what Node.js itself costs on this machine.
 *
 * @example PORT=4300 UPSTREAMS=http://127.0.0.1:4301,http://127.0.0.1:4302 node bench/lean-node-proxy.mjs
 */
import { createServer } from 'node:http';
import { serveUntilSigterm, upstreamPools } from './reference-upstreams.mjs';

const upstreams = upstreamPools();
let next = 0;

async function proxy(req, res) {
  const { pool } = upstreams[next++ % upstreams.length];
  const upstream = await pool.request({ path: req.url, method: req.method });
  const body = Buffer.from(await upstream.body.arrayBuffer());
  res.writeHead(upstream.statusCode, {
    'content-type': upstream.headers['content-type'] ?? 'application/octet-stream',
    'content-length': body.length,
  });
  res.end(body);
}

const server = createServer((req, res) => {
  proxy(req, res).catch((error) => {
    if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
    res.end(String(error.code ?? error.message));
  });
});
serveUntilSigterm(server, upstreams);
