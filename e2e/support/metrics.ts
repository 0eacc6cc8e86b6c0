/**
 * Requests a service served on one route, summed over methods and statuses, from its Prometheus
 * text, e.g. `servedCount(text, '/products/:id')` reads
 * `http_server_request_duration_seconds_count{route="/products/:id",method="GET",status="200"} 3000`.
 */
export function servedCount(metricsText: string, route: string): number {
  const prefix = 'http_server_request_duration_seconds_count{';
  return metricsText
    .split('\n')
    .filter((line) => line.startsWith(prefix) && line.includes(`route="${route}"`))
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
}
