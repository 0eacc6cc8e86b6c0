import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  GenericContainer,
  Network,
  Wait,
  type StartedNetwork,
  type StartedTestContainer,
} from 'testcontainers';
import { HttpClient } from './http-client';
import { imageName, type App } from './images';

/** Every service listens on this port inside its container (docker/Dockerfile). */
export const PORT = 3000;
const CONFIG_PATH = '/etc/cartwheel/gateway.json';

export interface ClusterOptions {
  /** Extra gateway environment, e.g. `{ CACHE_TTL_MS: '0' }`. */
  readonly gatewayEnv?: Readonly<Record<string, string>>;
  /** The gateway's GATEWAY_CONFIG file, e.g. short health-check intervals. */
  readonly gatewayConfig?: unknown;
}

/** One running container and a keep-alive client of its published port. */
export interface Service {
  /** Its name on the cluster network, e.g. `catalog-1`; the gateway's upstream id is the URL. */
  readonly name: string;
  readonly upstreamUrl: string;
  readonly container: StartedTestContainer;
  readonly client: HttpClient;
  /** Its stdout and stderr lines so far (JSON log lines), for a failing spec to show. */
  readonly logs: string[];
}

/**
 * The deployment of docker/compose.yaml, started by testcontainers on its own network: catalog x2
 * (gateway weights 3 and 1) sharing one data folder, cart x2 sharing another, and the gateway.
 * The shared folders are bind-mounted temp folders (testcontainers has no named volumes); SQLite
 * in WAL mode is safe across containers of one host, as across processes.
 */
export class Cluster {
  private constructor(
    private readonly network: StartedNetwork,
    private readonly dataDirs: readonly string[],
    readonly catalogs: readonly [Service, Service],
    readonly carts: readonly [Service, Service],
    readonly gateway: Service,
  ) {}

  static async start(options: ClusterOptions = {}): Promise<Cluster> {
    const network = await new Network().start();
    const dataDirs = [await sharedDir('catalog'), await sharedDir('cart')] as const;
    const started: Service[] = [];
    const service = async (spec: ServiceSpec) => {
      const s = await startService(network, spec);
      started.push(s);
      return s;
    };
    try {
      // The first instance of each service migrates and seeds its file before the second opens it.
      const [catalog1, cart1] = await Promise.all([
        service({ app: 'catalog', name: 'catalog-1', dataDir: dataDirs[0] }),
        service({ app: 'cart', name: 'cart-1', dataDir: dataDirs[1] }),
      ]);
      const [catalog2, cart2] = await Promise.all([
        service({ app: 'catalog', name: 'catalog-2', dataDir: dataDirs[0] }),
        service({ app: 'cart', name: 'cart-2', dataDir: dataDirs[1] }),
      ]);
      const config = options.gatewayConfig;
      const gateway = await service({
        app: 'gateway',
        name: 'gateway',
        env: {
          CATALOG_UPSTREAMS: `${catalog1.upstreamUrl};weight=3,${catalog2.upstreamUrl};weight=1`,
          CART_UPSTREAMS: `${cart1.upstreamUrl},${cart2.upstreamUrl}`,
          ...options.gatewayEnv,
          ...(config !== undefined && { GATEWAY_CONFIG: CONFIG_PATH }),
        },
        files:
          config === undefined
            ? []
            : [{ content: JSON.stringify(config), target: CONFIG_PATH, mode: 0o644 }],
      });
      return new Cluster(network, dataDirs, [catalog1, catalog2], [cart1, cart2], gateway);
    } catch (error) {
      // Nothing reaps containers here (no Ryuk): a failed start must not leave any behind.
      await removeAll(started, network, dataDirs);
      throw error;
    }
  }

  get services(): Service[] {
    return [...this.catalogs, ...this.carts, this.gateway];
  }

  /** Removes every container, the network and the data folders. */
  async stop(): Promise<void> {
    await removeAll(this.services, this.network, this.dataDirs);
  }
}

async function removeAll(
  services: readonly Service[],
  network: StartedNetwork,
  dataDirs: readonly string[],
): Promise<void> {
  for (const service of services) service.client.close();
  await Promise.all(services.map((s) => s.container.stop({ timeout: 0 })));
  await network.stop();
  await Promise.all(dataDirs.map((dir) => rm(dir, { recursive: true, force: true })));
}

/** A host folder every container user may write, as a fresh named volume would be. */
async function sharedDir(service: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), `cartwheel-${service}-data-`));
  await chmod(dir, 0o777);
  return dir;
}

interface ServiceSpec {
  readonly app: App;
  /** Its network alias, e.g. `catalog-2`. */
  readonly name: string;
  readonly env?: Readonly<Record<string, string>>;
  /** A host folder mounted as the service's `/data`. */
  readonly dataDir?: string;
  readonly files?: { content: string; target: string; mode: number }[];
}

async function startService(network: StartedNetwork, spec: ServiceSpec): Promise<Service> {
  const logs: string[] = [];
  let container = new GenericContainer(imageName(spec.app))
    .withNetwork(network)
    .withNetworkAliases(spec.name)
    .withEnvironment({ LOG_LEVEL: 'warn', ...spec.env })
    .withExposedPorts(PORT)
    .withCopyContentToContainer(spec.files ?? [])
    // The engine runs no HEALTHCHECK timers without systemd; probe the same endpoint instead.
    .withWaitStrategy(Wait.forHttp('/readyz', PORT).forStatusCode(200))
    .withStartupTimeout(60_000)
    .withLogConsumer((stream) =>
      stream.on('data', (chunk: Buffer | string) =>
        logs.push(...String(chunk).trimEnd().split('\n')),
      ),
    );
  if (spec.dataDir !== undefined) {
    container = container.withBindMounts([{ source: spec.dataDir, target: '/data' }]);
  }
  const started = await container.start().catch((error: unknown) => {
    const tail = logs.slice(-20).join('\n');
    throw new Error(`${spec.name} did not start: ${String(error)}\n${tail}`, { cause: error });
  });
  return {
    name: spec.name,
    upstreamUrl: `http://${spec.name}:${PORT}`,
    container: started,
    client: new HttpClient(started.getHost(), started.getMappedPort(PORT)),
    logs,
  };
}
