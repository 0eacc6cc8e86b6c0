/**
 * Row E, a reference: the gateway's framework and client API with none of its features. Express 5
 * routes `GET /products/:id` to axios, whose adapter sends through one undici Pool per upstream
 * (the transport the gateway gives axios), round robin, the body passed through unparsed. No
 * breaker, retries, checks, cache, validation, logs, metrics or security headers. Row L against
 * HAProxy is what Node.js costs; row E against row L is what Express 5 and axios cost on top;
 * row 4 against row E is what the gateway's features cost.
 *
 * @example PORT=4300 UPSTREAMS=http://127.0.0.1:4301,http://127.0.0.1:4302 node bench/express-axios-proxy.mjs
 */
import { createServer } from 'node:http';
import { Axios } from 'axios';
import express from 'express';
import { serveUntilSigterm, upstreamPools } from './reference-upstreams.mjs';

const upstreams = upstreamPools();
const pools = new Map(upstreams.map(({ url, pool }) => [url, pool]));
let next = 0;

/** axios's adapter contract over undici: the response as text, its content type, every status. */
async function undiciAdapter(config) {
  const upstream = await pools.get(config.baseURL).request({
    path: config.url,
    method: config.method.toUpperCase(),
    signal: config.signal,
  });
  return {
    data: await upstream.body.text(),
    status: upstream.statusCode,
    statusText: '',
    headers: { 'content-type': upstream.headers['content-type'] },
    config,
    request: {},
  };
}

// As the gateway builds its client: axios's global defaults are not merged into each request.
const client = new Axios({
  adapter: undiciAdapter,
  validateStatus: null,
  transformRequest: [],
  transformResponse: [],
});

const app = express();
app.disable('x-powered-by');
app.set('etag', false);

app.get('/products/:id', async (req, res) => {
  try {
    const upstream = await client.request({
      baseURL: upstreams[next++ % upstreams.length].url,
      url: `/products/${encodeURIComponent(req.params.id)}`,
      method: 'get',
    });
    res.status(upstream.status);
    res.set('content-type', upstream.headers['content-type'] ?? 'application/octet-stream');
    res.send(upstream.data);
  } catch (error) {
    res
      .status(502)
      .type('text/plain')
      .send(String(error.code ?? error.message));
  }
});

app.get('/readyz', (_req, res) => {
  res.json({ status: 'ok' });
});

serveUntilSigterm(createServer(app), upstreams);
