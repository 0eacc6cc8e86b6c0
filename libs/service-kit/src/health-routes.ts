import type { IRouter } from 'express';
import type { Lifecycle } from './lifecycle';

/**
 * `/healthz` answers while the process can serve at all (liveness); `/readyz` only while it
 * should get new traffic (readiness), so it turns 503 as soon as draining starts.
 */
export function healthRoutes(
  router: IRouter,
  lifecycle: Lifecycle,
  isReady: () => boolean = () => true,
): void {
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', (_req, res) => {
    if (!lifecycle.isReady) {
      res.status(503).json({ status: lifecycle.state });
      return;
    }
    const ready = isReady();
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'unavailable' });
  });
}
