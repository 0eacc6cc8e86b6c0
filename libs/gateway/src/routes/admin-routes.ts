import type { IRouter } from 'express';
import type { UpstreamRegistry } from '../upstreams/upstream-registry';

/** `GET /admin/upstreams`: each service's strategy and the live state of every instance. */
export function adminRoutes(router: IRouter, upstreams: () => UpstreamRegistry): void {
  router.get('/admin/upstreams', (_req, res) => {
    res.json({ services: upstreams().snapshot() });
  });
}
