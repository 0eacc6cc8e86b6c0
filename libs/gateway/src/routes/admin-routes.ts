import { Router } from 'express';
import type { UpstreamRegistry } from '../upstreams/upstream-registry';

/** `GET /admin/upstreams`: each service's strategy and the live state of every instance. */
export function adminRoutes(upstreams: () => UpstreamRegistry): Router {
  const router = Router();
  router.get('/admin/upstreams', (_req, res) => {
    res.json({ services: upstreams().snapshot() });
  });
  return router;
}
