import * as upstream from './index';
import { fakeCandidates } from './testing';

describe('@cartwheel/upstream public entry', () => {
  it('wires a pool end to end', async () => {
    jest.useFakeTimers();
    const pool = new upstream.UpstreamPool({
      service: 'catalog',
      instances: upstream.parseUpstreams('http://127.0.0.1:3011;weight=3,http://127.0.0.1:3012'),
    });
    const result = await pool.call((instance) => Promise.resolve(instance.weight));
    expect(result).toMatchObject({ ok: true, value: 3, instanceId: 'http://127.0.0.1:3011' });
    pool.shutdown();
    jest.useRealTimers();
  });

  it('exposes the test helpers on the testing entry only', () => {
    expect(fakeCandidates({ a: 2 })[0]?.weight).toBe(2);
    expect('fakeCandidates' in upstream).toBe(false);
  });
});
