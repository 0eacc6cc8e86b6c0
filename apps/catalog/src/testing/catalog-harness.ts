import { SqliteCatalogRepository } from '@cartwheel/catalog';
import { ProblemDetails, type Product } from '@cartwheel/contracts';
import { Lifecycle, createLogger, problemType } from '@cartwheel/service-kit';
import { startApp, tempDir } from '@cartwheel/service-kit/testing';
import { request, type IncomingHttpHeaders } from 'node:http';
import { createApp } from '../app';

/** An admin token long enough for the config schema; specs send it as a bearer token. */
export const ADMIN_TOKEN = 'catalog-test-admin-token-0123456789';

export interface CatalogHarness {
  readonly url: string;
  readonly repository: SqliteCatalogRepository;
  readonly lifecycle: Lifecycle;
  /** Every product in id order, read straight from the store (not through HTTP). */
  products(): Promise<Product[]>;
  close(): Promise<void>;
}

export interface CatalogHarnessOptions {
  readonly adminToken?: string;
  /** False leaves the lifecycle `starting`, so readiness answers 503. */
  readonly ready?: boolean;
}

/** The real catalog app on a real SQLite file in a fresh temp dir, served on a free port. */
export async function startCatalog(options: CatalogHarnessOptions = {}): Promise<CatalogHarness> {
  const dir = tempDir('cartwheel-catalog-app-');
  const repository = SqliteCatalogRepository.open(dir.path);
  const lifecycle = new Lifecycle();
  if (options.ready ?? true) lifecycle.markReady();
  const { app } = createApp({
    repository,
    lifecycle,
    logger: createLogger('catalog', 'silent'),
    adminToken: options.adminToken,
  });
  const release = async (): Promise<void> => {
    await repository.close();
    dir.remove();
  };
  const server = await startApp(app).catch(async (error: unknown) => {
    await release();
    throw error;
  });
  return {
    url: server.url,
    repository,
    lifecycle,
    products: async () => (await repository.listProducts({ limit: 10_000 })).items,
    close: async () => {
      await server.close();
      await release();
    },
  };
}

export interface RawRequest {
  readonly method: string;
  /** Sent as written: unlike fetch, `..` and `%2e%2e` reach the server un-normalised. */
  readonly path: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
}

export interface RawResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** One request on its own connection (no agent, so no socket outlives the test). */
export function rawRequest(baseUrl: string, init: RawRequest): Promise<RawResponse> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: hostname,
        port,
        path: init.path,
        method: init.method,
        headers: init.headers,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(init.body);
  });
}

/** A copy of `value` without `key`, e.g. a create body without its `id` for a PUT. */
export function omit<T extends object, K extends keyof T>(value: T, key: K): Omit<T, K> {
  return Object.fromEntries(Object.entries(value).filter(([k]) => k !== key)) as Omit<T, K>;
}

/** Asserts an RFC 9457 problem with the given status and code, and returns it. */
export function expectProblemBody(
  status: number,
  contentType: string | null | undefined,
  body: string,
  expected: { readonly status: number; readonly code: string },
): ProblemDetails {
  const parsed: unknown = JSON.parse(body);
  const problem = ProblemDetails.parse(parsed);
  expect({ status, code: problem.code }).toEqual({ status: expected.status, code: expected.code });
  expect(contentType).toMatch(/^application\/problem\+json(;|$)/);
  expect(problem).toMatchObject({ status, type: problemType(expected.code) });
  expect(problem.title.length).toBeGreaterThan(0);
  return problem;
}

/** {@link expectProblemBody} for a fetch Response. */
export async function expectProblem(
  res: Response,
  expected: { readonly status: number; readonly code: string },
): Promise<ProblemDetails> {
  return expectProblemBody(res.status, res.headers.get('content-type'), await res.text(), expected);
}
