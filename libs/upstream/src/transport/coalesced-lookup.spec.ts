import { Axios } from 'axios';
import { lookup as dnsLookup, type LookupOptions } from 'node:dns';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo, LookupFunction } from 'node:net';
import { coalescedLookup } from './coalesced-lookup';
import { createUndiciAdapter, type UndiciAdapter } from './undici-adapter';

type LookupCallback = Parameters<LookupFunction>[2];

/** The system's resolver, held to IPv4 so that every connection goes to 127.0.0.1. */
const resolveIpv4: LookupFunction = (hostname, options, callback) =>
  dnsLookup(hostname, { ...options, family: 4 }, callback);

/**
 * A resolver that answers only when the test says so. It stands in for one that drops queries
 * (as podman's aardvark-dns does while it reloads): making the system's resolver do that would
 * mean changing the machine's resolver configuration.
 */
function heldResolver() {
  const asked: Array<{ hostname: string; options: LookupOptions; callback: LookupCallback }> = [];
  const lookup: LookupFunction = (hostname, options, callback) => {
    asked.push({ hostname, options, callback });
  };
  return {
    lookup,
    asked,
    answer: () => asked.splice(0).forEach((q) => resolveIpv4(q.hostname, q.options, q.callback)),
    fail: (code: string) =>
      asked.splice(0).forEach((q) => {
        const error: NodeJS.ErrnoException = new Error(`getaddrinfo ${code} ${q.hostname}`);
        error.code = code;
        q.callback(error, '');
      }),
  };
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setImmediate(resolve));
}

describe('coalesced lookup', () => {
  it('asks once for a question already waiting, and again for another question', () => {
    const held = heldResolver();
    const lookup = coalescedLookup(held.lookup);
    const answers: Array<string | undefined> = [];
    const remember: LookupCallback = (error) => answers.push(error?.code);
    lookup('catalog-1', { family: 4, all: true }, remember);
    lookup('catalog-1', { family: 4, all: true }, remember);
    lookup('catalog-1', { family: 6, all: true }, remember);
    lookup('catalog-2', { family: 4, all: true }, remember);
    expect(held.asked.map((q) => [q.hostname, q.options.family])).toEqual([
      ['catalog-1', 4],
      ['catalog-1', 6],
      ['catalog-2', 4],
    ]);
    held.fail('ENOTFOUND');
    expect(answers).toEqual(Array(4).fill('ENOTFOUND'));
  });
});

describe('the undici adapter resolves each upstream name once for all its waiting connections', () => {
  const CONNECTIONS = 6;
  let server: Server;
  let port: number;
  let connections = 0;
  const adapters: UndiciAdapter[] = [];

  beforeAll(async () => {
    // Answers late, so that every request of a burst needs its own connection.
    server = createServer((_req, res) => {
      setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end('{}'), 50);
    });
    server.on('connection', () => (connections += 1));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    port = (server.address() as AddressInfo).port;
  });

  beforeEach(() => {
    connections = 0;
  });

  afterAll(async () => {
    await Promise.all(adapters.map((a) => a.close()));
    server.close();
    await once(server, 'close');
  });

  function clientWith(lookup: LookupFunction): Axios {
    const undici = createUndiciAdapter({
      connectionsPerOrigin: CONNECTIONS,
      idleSocketTimeoutMs: 1_000,
      connectTimeoutMs: 1_000,
      maxBodyBytes: 1024,
      lookup,
    });
    adapters.push(undici);
    return new Axios({ adapter: undici.adapter, baseURL: `http://localhost:${port}` });
  }

  /** One request per connection at once; each one's status, or its error's code. */
  const burst = async (client: Axios) => {
    const results = await Promise.allSettled(
      Array.from({ length: CONNECTIONS }, () => client.get('/x')),
    );
    return results.map((r) =>
      r.status === 'fulfilled' ? r.value.status : (r.reason as { code?: string }).code,
    );
  };

  /** Once the resolver has been asked, and the rest of a burst has had time to ask too. */
  const burstAsked = async (held: ReturnType<typeof heldResolver>) => {
    await until(() => held.asked.length > 0);
    await new Promise((resolve) => setTimeout(resolve, 50));
  };

  it('makes one system lookup for a burst that opens a connection per request', async () => {
    let lookups = 0;
    const client = clientWith((hostname, options, callback) => {
      lookups += 1;
      resolveIpv4(hostname, options, callback);
    });
    expect(await burst(client)).toEqual(Array(CONNECTIONS).fill(200));
    expect(connections).toBe(CONNECTIONS);
    expect(lookups).toBe(1);
  });

  it('holds one lookup while the resolver is silent, and connects every request on its answer', async () => {
    const held = heldResolver();
    const answered = burst(clientWith(held.lookup));
    await burstAsked(held);
    expect(held.asked).toHaveLength(1);
    held.answer();
    expect(await answered).toEqual(Array(CONNECTIONS).fill(200));
    expect(connections).toBe(CONNECTIONS);
  });

  it('fails every waiting request with the failed lookup, and asks again for the next', async () => {
    const held = heldResolver();
    const client = clientWith(held.lookup);
    const failed = burst(client);
    await burstAsked(held);
    held.fail('EAI_AGAIN');
    expect(await failed).toEqual(Array(CONNECTIONS).fill('EAI_AGAIN'));
    expect(connections).toBe(0);

    const next = client.get('/x');
    await until(() => held.asked.length > 0);
    held.answer();
    expect((await next).status).toBe(200);
  });
});
