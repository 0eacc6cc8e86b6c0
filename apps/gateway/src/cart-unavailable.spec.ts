import { refusingUrl } from '@cartwheel/service-kit/testing';
import { startGateway, type GatewayHarness } from './testing/gateway-harness';
import { expectProblem, send } from './testing/http-client';
import { startStubCatalog, type StubCatalog } from './testing/stub-catalog';

describe('when the cart service cannot answer', () => {
  let catalog: StubCatalog;
  let gw: GatewayHarness;

  beforeAll(async () => {
    catalog = await startStubCatalog();
    gw = await startGateway({
      catalog: [catalog.url],
      cart: [await refusingUrl(), await refusingUrl()],
    });
  });
  afterAll(async () => {
    await gw.close();
    await catalog.close();
  });

  it.each([
    ['POST', '/api/carts', {}],
    ['GET', '/api/carts/0b6f3a52-52d4-4a8e-9d0c-2f4b8a7c1e90', undefined],
  ] as const)(
    '%s %s answers 503 UPSTREAM_UNAVAILABLE with Retry-After',
    async (method, path, body) => {
      const reply = await send(gw.url, { method, path, ...(body !== undefined && { body }) });
      expectProblem(reply, 503, 'UPSTREAM_UNAVAILABLE');
      expect(reply.headers['retry-after']).toBe('5');
    },
  );
});
