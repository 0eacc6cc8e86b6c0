import type { Category, Product, ProductBatch, ProductPage } from '@cartwheel/contracts';
import { startFaultServer, type FaultMode } from '@cartwheel/upstream/testing';
import type { IncomingMessage, ServerResponse } from 'node:http';

const product = (id: string, category: string, amount: number): Product => ({
  id,
  name: id
    .split('-')
    .map((w) => w[0]?.toUpperCase() + w.slice(1))
    .join(' '),
  description: `The ${id} of the stub catalog.`,
  category,
  price: { amount, currency: 'USD' },
  version: 1,
  updatedAt: '2025-01-01T00:00:00.000Z',
});

/** Known products: prices chosen so that sums of lines are easy to check by hand. */
export const STUB_PRODUCTS: readonly Product[] = [
  product('mug', 'kitchen', 1250),
  product('kettle', 'kitchen', 4000),
  product('beans', 'coffee', 999),
  product('grinder', 'coffee', 8900),
  product('tent', 'outdoor', 25000),
];

export interface StubCatalog {
  readonly url: string;
  /** Requests that reached the stub, in order, with the headers as received. */
  readonly received: Array<{ method: string; path: string; headers: IncomingMessage['headers'] }>;
  /** Requests whose connection the gateway closed before the stub answered them. */
  readonly cutOff: number;
  /** Answer normally (`ok`), or fail every request as a fault server would. */
  mode: FaultMode;
  /** The live catalog: delete an entry and the stub answers 404 for it. */
  readonly products: Map<string, Product>;
  /** How many requests reached `path` exactly (path with query). */
  count(path: string): number;
  close(): Promise<void>;
}

function json(res: ServerResponse, status: number, body: unknown, type = 'application/json') {
  res.writeHead(status, { 'content-type': type }).end(JSON.stringify(body));
}

function notFound(res: ServerResponse, code: string, path: string) {
  json(
    res,
    404,
    {
      type: `https://cartwheel.dev/problems/${code}`,
      title: 'Not found',
      status: 404,
      code,
      instance: path,
    },
    'application/problem+json',
  );
}

/** Contract-valid answers for the catalog routes the gateway uses, from `products`. */
function answer(products: Map<string, Product>, req: IncomingMessage, res: ServerResponse) {
  const url = new URL(req.url ?? '/', 'http://stub');
  const sorted = [...products.values()].sort((a, b) => a.id.localeCompare(b.id));
  const byId = /^\/products\/([^/]+)$/.exec(url.pathname);
  if (req.method !== 'GET') return notFound(res, 'ROUTE_NOT_FOUND', url.pathname);
  if (url.pathname === '/readyz') return json(res, 200, { status: 'ready' });
  if (byId !== null) {
    const found = products.get(byId[1] ?? '');
    if (found === undefined) return notFound(res, 'PRODUCT_NOT_FOUND', url.pathname);
    res.setHeader('etag', `"${found.version}"`);
    return json(res, 200, found);
  }
  if (url.pathname === '/categories') {
    const counts = new Map<string, number>();
    for (const p of sorted) counts.set(p.category, (counts.get(p.category) ?? 0) + 1);
    const items: Category[] = [...counts].map(([id, productCount]) => ({
      id,
      name: id,
      productCount,
    }));
    return json(res, 200, { items });
  }
  if (url.pathname !== '/products') return notFound(res, 'ROUTE_NOT_FOUND', url.pathname);
  const ids = url.searchParams.get('ids');
  if (ids !== null) {
    const wanted = ids.split(',');
    const body: ProductBatch = {
      items: wanted.flatMap((id) => products.get(id) ?? []),
      missing: wanted.filter((id) => !products.has(id)),
    };
    return json(res, 200, body);
  }
  const limit = Number(url.searchParams.get('limit') ?? '20');
  const after = url.searchParams.get('cursor') ?? '';
  const category = url.searchParams.get('category');
  const q = url.searchParams.get('q')?.toLowerCase();
  const matching = sorted.filter(
    (p) =>
      p.id > after &&
      (category === null || p.category === category) &&
      (q === undefined || p.name.toLowerCase().includes(q)),
  );
  const items = matching.slice(0, limit);
  const body: ProductPage = {
    items,
    nextCursor: matching.length > limit ? (items.at(-1)?.id ?? null) : null,
  };
  return json(res, 200, body);
}

/**
 * A catalog stand-in on loopback whose answers are contract-valid and whose faults a test
 * switches like a fault server's, so that cache, coalescing and stale-if-error can be counted
 * exactly at the upstream.
 */
export async function startStubCatalog(
  products: readonly Product[] = STUB_PRODUCTS,
): Promise<StubCatalog> {
  const live = new Map(products.map((p) => [p.id, p]));
  const server = await startFaultServer('catalog', (req, res) => answer(live, req, res));
  return {
    url: server.id,
    received: server.received,
    products: live,
    get cutOff() {
      return server.cutOff;
    },
    get mode() {
      return server.mode;
    },
    set mode(mode: FaultMode) {
      server.mode = mode;
    },
    count: (path) => server.received.filter((r) => r.path === path).length,
    close: () => server.close(),
  };
}
