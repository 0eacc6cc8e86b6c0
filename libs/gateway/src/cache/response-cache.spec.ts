import { ResponseCache } from './response-cache';

describe('ResponseCache', () => {
  let now = 0;
  const cache = () =>
    new ResponseCache<string>({ max: 10, ttlMs: 30_000, staleIfErrorMs: 300_000, now: () => now });
  const failing = () => Promise.reject(new Error('upstream down'));

  beforeEach(() => {
    now = 1_000_000;
  });

  it('loads on a miss and serves the entry while fresh', async () => {
    const c = cache();
    const load = jest.fn(() => Promise.resolve('v1'));
    expect(await c.get('k', load)).toEqual({ source: 'miss', value: 'v1', ageMs: 0 });
    now += 29_999;
    expect(await c.get('k', load)).toEqual({ source: 'hit', value: 'v1', ageMs: 29_999 });
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('reloads once the TTL has passed', async () => {
    const c = cache();
    await c.get('k', () => Promise.resolve('v1'));
    now += 30_000;
    expect((await c.get('k', () => Promise.resolve('v2'))).value).toBe('v2');
  });

  it('makes one upstream call for identical concurrent misses', async () => {
    const c = cache();
    let release: (v: string) => void = () => undefined;
    const load = jest.fn(() => new Promise<string>((resolve) => (release = resolve)));
    const all = Promise.all([c.get('k', load), c.get('k', load), c.get('k', load)]);
    release('v');
    const outcomes = await all;
    expect(load).toHaveBeenCalledTimes(1);
    expect(outcomes.map((o) => o.source)).toEqual(['miss', 'coalesced', 'coalesced']);
    expect(outcomes.every((o) => o.value === 'v')).toBe(true);
  });

  describe('callers that stop waiting', () => {
    /** A load that hands out its signal and answers when told. */
    const heldLoad = () => {
      const held: { signal?: AbortSignal; release: (v: string) => void } = {
        release: () => undefined,
      };
      const load = jest.fn(
        (signal: AbortSignal | undefined) =>
          new Promise<string>((resolve, reject) => {
            held.signal = signal;
            held.release = resolve;
            signal?.addEventListener('abort', () => reject(signal.reason as Error));
          }),
      );
      return { held, load };
    };
    const scope = () => new AbortController();

    it('leave with their own reason while the shared load goes on for the others', async () => {
      const c = cache();
      const { held, load } = heldLoad();
      const [first, second, third] = [scope(), scope(), scope()];
      const outcomes = [first, second, third].map((s) => c.get('k', load, s));
      const gone = new Error('first caller gone');
      first.abort(gone);
      await expect(outcomes[0]).rejects.toBe(gone);
      expect(held.signal?.aborted).toBe(false);
      held.release('v');
      expect((await outcomes[1])?.value).toBe('v');
      expect((await outcomes[2])?.source).toBe('coalesced');
      expect(c.peek('k')).toBe('v');
      expect(load).toHaveBeenCalledTimes(1);
    });

    it('abort the shared load with the last reason once all have left; later callers load anew', async () => {
      const c = cache();
      const { held, load } = heldLoad();
      const [first, second] = [scope(), scope()];
      const outcomes = [c.get('k', load, first), c.get('k', load, second)];
      first.abort(new Error('first gone'));
      const last = new Error('second gone');
      second.abort(last);
      await expect(outcomes[1]).rejects.toBe(last);
      expect(held.signal?.reason).toBe(last);
      await expect(outcomes[0]).rejects.toThrow('first gone');

      const next = c.get('k', load, scope());
      expect(load).toHaveBeenCalledTimes(2);
      held.release('fresh');
      expect(await next).toMatchObject({ source: 'miss', value: 'fresh' });
    });

    it('start no load for a caller that has already given up', async () => {
      const c = cache();
      const { load } = heldLoad();
      const gone = scope();
      gone.abort(new Error('gone before asking'));
      await expect(c.get('k', load, gone)).rejects.toThrow('gone before asking');
      expect(load).not.toHaveBeenCalled();
    });

    it("with the cache off, load under the caller's own signal", async () => {
      const c = new ResponseCache<string>({ max: 2, ttlMs: 0, staleIfErrorMs: 0 });
      const { held, load } = heldLoad();
      const caller = scope();
      const outcome = c.get('k', load, caller);
      expect(held.signal).toBe(caller.signal);
      held.release('v');
      expect((await outcome).value).toBe('v');
    });
  });

  it('shares a failure among coalesced callers when there is nothing stale', async () => {
    const c = cache();
    const results = await Promise.allSettled([c.get('k', failing), c.get('k', failing)]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    // The failed load is forgotten: the next call tries again.
    expect((await c.get('k', () => Promise.resolve('v'))).source).toBe('miss');
  });

  it('serves a stale entry with its age when the upstream fails, up to the stale limit', async () => {
    const c = cache();
    await c.get('k', () => Promise.resolve('old'));
    now += 120_000;
    const outcome = await c.get('k', failing);
    expect(outcome).toMatchObject({ source: 'stale', value: 'old', ageMs: 120_000 });
    now += 180_000;
    await expect(c.get('k', failing)).rejects.toThrow('upstream down');
  });

  it('evicts the least recently used entry beyond max', async () => {
    const c = new ResponseCache<string>({
      max: 2,
      ttlMs: 1_000,
      staleIfErrorMs: 1_000,
      now: () => now,
    });
    c.set('a', '1');
    c.set('b', '2');
    c.peek('a');
    c.set('c', '3');
    expect([c.peek('a'), c.peek('b'), c.peek('c')]).toEqual(['1', undefined, '3']);
  });

  it('stores nothing when the TTL is 0 (cache off)', async () => {
    const c = new ResponseCache<string>({ max: 2, ttlMs: 0, staleIfErrorMs: 0, now: () => now });
    const load = jest.fn(() => Promise.resolve('v'));
    await c.get('k', load);
    await c.get('k', load);
    expect(load).toHaveBeenCalledTimes(2);
    // Not even concurrent twins share a call: "off" means every request goes upstream.
    await Promise.all([c.get('k', load), c.get('k', load)]);
    expect(load).toHaveBeenCalledTimes(4);
  });

  it('refuses a stale window shorter than the TTL', () => {
    expect(() => new ResponseCache({ max: 1, ttlMs: 10, staleIfErrorMs: 5 })).toThrow(RangeError);
  });
});
