import {
  spawnService,
  startFaultProxy,
  tempDir,
  type FaultProxy,
  type SpawnedService,
  type TempDir,
} from '@cartwheel/service-kit/testing';
import { writeFileSync } from 'node:fs';
import { Agent } from 'node:http';
import { join } from 'node:path';
import type { GatewayFile } from '../config';
import {
  startDrainLoad,
  startLoad,
  type DrainLoad,
  type FixedLoad,
  type RunningDrainLoad,
  type RunningLoad,
  type Stoppable,
} from './load';

export interface GatewayOptions {
  readonly catalog: readonly string[];
  readonly cart: readonly string[];
  /** Written to a file passed as `GATEWAY_CONFIG`. */
  readonly config?: GatewayFile;
  readonly env?: Readonly<Record<string, string>>;
}

export const urlOf = (port: number): string => `http://127.0.0.1:${port}`;

/**
 * Per-service settings that keep a faulty instance in rotation, for specs about what each request
 * does rather than about ejection: no outlier ejection, no breaker, and no probe after the first
 * (also none at the shorter pause that follows a failed one).
 */
export const KEPT_IN_ROTATION = {
  outlier: { consecutiveFailures: 1_000 },
  breaker: { volumeThreshold: 1_000 },
  healthCheck: { interval: 600_000, unhealthyInterval: 600_000 },
} as const;

/**
 * Real service processes on 127.0.0.1 for one spec, with one data folder and one keep-alive
 * agent; `close()` kills everything it started (also after a failed test) and removes the folder.
 * Processes on ports picked up front can start together: a gateway only needs its upstreams'
 * URLs, and an instance not yet listening fails one health check, well below the threshold.
 *
 * @example
 * const cluster = new Cluster('kill-one');
 * const catalog = await cluster.catalog();
 * const gateway = await cluster.gateway({ catalog: [catalog.url], cart: [] });
 * await cluster.close();
 */
export class Cluster {
  readonly dir: TempDir;
  /** For the test's own requests; load loops bring their own. */
  readonly agent = new Agent({ keepAlive: true, maxSockets: 8 });
  readonly #services = new Set<SpawnedService>();
  readonly #proxies = new Set<FaultProxy>();
  readonly #loads = new Set<Stoppable>();
  #configs = 0;

  constructor(name: string) {
    this.dir = tempDir(`cartwheel-${name}-`);
  }

  /** A catalog process on `port` (0: any free one), on the cluster's shared data folder. */
  catalog(port = 0): Promise<SpawnedService> {
    return this.#spawn('catalog', { PORT: String(port) });
  }

  /** A cart process on `port` (0: any free one), on the cluster's shared data folder. */
  cart(port = 0): Promise<SpawnedService> {
    return this.#spawn('cart', { PORT: String(port) });
  }

  gateway(options: GatewayOptions): Promise<SpawnedService> {
    const env: Record<string, string> = {
      CATALOG_UPSTREAMS: options.catalog.join(','),
      // The gateway needs some cart list; a spec without carts points it at a closed port.
      CART_UPSTREAMS: options.cart.join(',') || 'http://127.0.0.1:9',
      ...options.env,
    };
    if (options.config !== undefined) {
      this.#configs += 1;
      const file = join(this.dir.path, `gateway-${this.#configs}.json`);
      writeFileSync(file, JSON.stringify(options.config));
      env['GATEWAY_CONFIG'] = file;
    }
    return this.#spawn('gateway', env);
  }

  async proxy(target: string): Promise<FaultProxy> {
    const proxy = await startFaultProxy(target);
    this.#proxies.add(proxy);
    return proxy;
  }

  /** A load from a separate process (see load.ts), stopped by `close()` if still running. */
  load(plan: Omit<FixedLoad, 'kind'>): RunningLoad {
    return this.#track(startLoad(plan));
  }

  drainLoad(plan: Omit<DrainLoad, 'kind'>): RunningDrainLoad {
    return this.#track(startDrainLoad(plan));
  }

  async close(): Promise<void> {
    await Promise.all([...this.#loads].map((load) => load.stop()));
    this.#loads.clear();
    this.agent.destroy();
    await Promise.all([...this.#services].map((svc) => svc.stop('SIGKILL')));
    await Promise.all([...this.#proxies].map((proxy) => proxy.close()));
    this.#services.clear();
    this.#proxies.clear();
    this.dir.remove();
  }

  #track<L extends Stoppable>(load: L): L {
    this.#loads.add(load);
    return load;
  }

  async #spawn(
    app: 'catalog' | 'cart' | 'gateway',
    env: Record<string, string>,
  ): Promise<SpawnedService> {
    const svc = await spawnService(app, {
      env: { DATA_DIR: this.dir.path, LOG_LEVEL: 'info', ...env },
    });
    this.#services.add(svc);
    return svc;
  }
}
