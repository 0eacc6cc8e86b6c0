/**
 * What the two reference proxies (rows L and E) share, so that they differ only in what sits
 * above the transport: one undici Pool per upstream in UPSTREAMS with the same settings, and the
 * same serving and stopping. Row E against row L then measures Express 5 and axios alone.
 */
import { Pool } from 'undici';

/** @returns `{ url, pool }` per upstream in UPSTREAMS, in order (the round robin's). */
export function upstreamPools() {
  return (process.env.UPSTREAMS ?? '')
    .split(',')
    .filter(Boolean)
    .map((url) => ({ url, pool: new Pool(url, { connections: 64, pipelining: 1 }) }));
}

/** Listens on HOST:PORT until SIGTERM, which closes the server, its sockets and the pools. */
export function serveUntilSigterm(server, upstreams) {
  // Above the load generator's idle time, as the other proxies are.
  server.keepAliveTimeout = 65_000;
  server.listen(Number(process.env.PORT), process.env.HOST ?? '127.0.0.1');
  process.on('SIGTERM', () => {
    server.close();
    server.closeAllConnections();
    void Promise.all(upstreams.map(({ pool }) => pool.close()));
  });
}
