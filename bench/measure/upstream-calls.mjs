/**
 * Upstream calls of rows 6 and 7, counted where they land: the sum of
 * `http_server_request_duration_seconds_count` over the catalog and cart processes, without the
 * health checks and scrapes (`/readyz`, `/healthz`, `/metrics`) that are not part of a request.
 */
const NOT_A_CALL = new Set(['/readyz', '/healthz', '/metrics']);
const COUNT_LINE = /^http_server_request_duration_seconds_count\{([^}]*)\}\s+(\S+)/;

export function countRequests(metricsText) {
  let total = 0;
  for (const line of metricsText.split('\n')) {
    const match = COUNT_LINE.exec(line);
    if (match === null) continue;
    const route = /route="([^"]*)"/.exec(match[1])?.[1];
    if (!NOT_A_CALL.has(route)) total += Number(match[2]);
  }
  return total;
}

/** @example const calls = await serviceCalls(['http://127.0.0.1:4101/metrics', ...]); */
export async function serviceCalls(metricsUrls) {
  const texts = await Promise.all(
    metricsUrls.map(async (url) => {
      const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
      return res.text();
    }),
  );
  return texts.reduce((sum, text) => sum + countRequests(text), 0);
}
