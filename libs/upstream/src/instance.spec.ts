import { UpstreamInstance } from './instance';

const spec = { id: 'a', url: new URL('http://127.0.0.1:3011'), weight: 3 };
const gate = (available: boolean) => ({ isAvailable: () => available });

describe('UpstreamInstance', () => {
  it('is available only when health, breaker and ejection all allow it', () => {
    expect(new UpstreamInstance(spec).isAvailable()).toBe(true);
    for (const blocked of ['health', 'breaker', 'ejection'] as const) {
      const instance = new UpstreamInstance(spec, { [blocked]: gate(false) });
      expect(instance.isAvailable()).toBe(false);
    }
  });

  it('counts requests in flight, and a double release cannot go negative', () => {
    const instance = new UpstreamInstance(spec);
    const first = instance.track();
    const second = instance.track();
    expect(instance.inFlight).toBe(2);
    first();
    first();
    expect(instance.inFlight).toBe(1);
    second();
    expect(instance.inFlight).toBe(0);
  });

  it('keeps its own copy of the URL', () => {
    const url = new URL('http://127.0.0.1:3011');
    const instance = new UpstreamInstance({ ...spec, url });
    url.port = '9999';
    expect(instance.url.port).toBe('3011');
  });

  it.each([0, 101, 1.5, Number.NaN])('rejects weight %p', (weight) => {
    expect(() => new UpstreamInstance({ ...spec, weight })).toThrow(
      /weight must be an integer between 1 and 100/,
    );
  });

  it('rejects an empty id', () => {
    expect(() => new UpstreamInstance({ ...spec, id: '' })).toThrow(RangeError);
  });
});
