import {
  UpstreamBadStatusError,
  UpstreamClient,
  UpstreamPool,
  type BalancerStrategy,
  type BreakerOptions,
  type HealthCheckOptions,
  type InstanceEvent,
  type InstanceSpec,
  type OutlierOptions,
  type PoolSnapshot,
  type Random,
  type RetryBudgetOptions,
  type RetryOptions,
  type Transport,
  type UpstreamObserver,
} from '@cartwheel/upstream';

export type ServiceName = 'catalog' | 'cart';
export const SERVICE_NAMES: readonly ServiceName[] = ['catalog', 'cart'];

/** Everything the gateway knows about reaching one service; see the README for defaults. */
export interface ServiceSettings {
  readonly instances: readonly InstanceSpec[];
  readonly balancer: BalancerStrategy;
  readonly breaker: BreakerOptions;
  readonly retry: RetryOptions;
  readonly retryBudget: RetryBudgetOptions;
  readonly outlier: OutlierOptions;
  readonly healthCheck: HealthCheckOptions;
}

export type ServicesSettings = Readonly<Record<ServiceName, ServiceSettings>>;

export interface RegistryDependencies {
  readonly transport: Transport;
  readonly observer?: UpstreamObserver;
  readonly random?: Random;
  /** Off in tests that drive health by hand. Default true. */
  readonly activeHealthChecks?: boolean;
  /** Told when an instance's breaker, health or ejection changes; must not throw. */
  readonly onInstanceEvent?: (
    service: ServiceName,
    instanceId: string,
    event: InstanceEvent,
  ) => void;
}

export interface ServiceSnapshot extends PoolSnapshot {
  readonly strategy: BalancerStrategy;
}

interface Entry {
  readonly client: UpstreamClient;
  readonly strategy: BalancerStrategy;
}

/**
 * The live upstream clients, one per service. A reload builds a complete new set first and then
 * swaps it in whole, so a request sees either the old configuration or the new, never a mix.
 */
export class UpstreamRegistry {
  #entries: Readonly<Record<ServiceName, Entry>>;
  // Whether every service has had an instance pass a health probe since the gateway started.
  #answered: boolean;

  constructor(
    settings: ServicesSettings,
    private readonly deps: RegistryDependencies,
  ) {
    this.#entries = this.#build(settings);
    this.#answered = deps.activeHealthChecks === false;
  }

  get catalog(): UpstreamClient {
    return this.#entries.catalog.client;
  }

  get cart(): UpstreamClient {
    return this.#entries.cart.client;
  }

  start(): void {
    if (this.deps.activeHealthChecks === false) return;
    for (const name of SERVICE_NAMES) this.#entries[name].client.pool.start();
  }

  /** Builds (and validates, by constructing) the new pools before touching the running ones. */
  replace(settings: ServicesSettings): void {
    const next = this.#build(settings);
    const previous = this.#entries;
    this.#entries = next;
    this.start();
    // Attempts in flight on the old pools finish; their breakers only refuse new ones.
    for (const name of SERVICE_NAMES) previous[name].client.pool.shutdown();
  }

  /**
   * Ready while every service has at least one instance that may take traffic, and not before
   * each service had an instance pass a health probe. An instance not yet probed takes traffic
   * (Envoy's default), but a gateway started beside its upstreams must not say ready before any of
   * them answered: a supervisor would send it traffic that can only get 503s. Once answered, a
   * reload's new, unprobed instances count as available, as they do for routing, so a reload never
   * takes a serving gateway out of rotation.
   */
  isReady(): boolean {
    this.#answered ||= SERVICE_NAMES.every((name) =>
      this.#entries[name].client.pool
        .snapshot()
        .instances.some((instance) => instance.health === 'healthy'),
    );
    if (!this.#answered) return false;
    return SERVICE_NAMES.every((name) =>
      this.#entries[name].client.pool.instances.some((instance) => instance.isAvailable()),
    );
  }

  snapshot(): ServiceSnapshot[] {
    return SERVICE_NAMES.map((name) => ({
      ...this.#entries[name].client.pool.snapshot(),
      strategy: this.#entries[name].strategy,
    }));
  }

  shutdown(): void {
    for (const name of SERVICE_NAMES) this.#entries[name].client.pool.shutdown();
  }

  #build(settings: ServicesSettings): Record<ServiceName, Entry> {
    const { onInstanceEvent } = this.deps;
    const build = (service: ServiceName): Entry => {
      const s = settings[service];
      const pool = new UpstreamPool(
        {
          service,
          instances: s.instances,
          balancer: s.balancer,
          breaker: s.breaker,
          outlier: s.outlier,
          healthCheck: { ...s.healthCheck, probe: (target, signal) => this.#probe(target, signal) },
        },
        {
          ...(this.deps.random && { random: this.deps.random }),
          ...(onInstanceEvent && {
            onInstanceEvent: (id, event) => onInstanceEvent(service, id, event),
          }),
        },
      );
      const client = new UpstreamClient(pool, this.deps.transport, {
        retry: s.retry,
        budget: s.retryBudget,
        ...(this.deps.observer && { observer: this.deps.observer }),
        ...(this.deps.random && { random: this.deps.random }),
      });
      return { client, strategy: s.balancer };
    };
    return { catalog: build('catalog'), cart: build('cart') };
  }

  /**
   * `GET /readyz` answering 200: a draining or starting instance is not healthy. Any other answer
   * rejects, as the transport's 5xx do, so that the health change says which status it was.
   */
  async #probe(target: { id: string; url: URL }, signal: AbortSignal): Promise<boolean> {
    const response = await this.deps.transport.send(
      target,
      { method: 'GET', path: '/readyz' },
      signal,
    );
    if (response.status !== 200) throw new UpstreamBadStatusError(response.status);
    return true;
  }
}
