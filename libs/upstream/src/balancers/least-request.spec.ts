import { mulberry32 } from '../random';
import { fakeCandidates, pickSequence, tally } from '../testing';
import { LeastRequestBalancer } from './least-request';

describe('LeastRequestBalancer', () => {
  it('prefers the idle instance over a busy one', () => {
    const balancer = new LeastRequestBalancer({}, mulberry32(9));
    const candidates = fakeCandidates({ busy: 1, idle: 1 });
    candidates[0].inFlight = 5;
    expect(new Set(pickSequence(() => balancer.pick(candidates), 100))).toEqual(new Set(['idle']));
  });

  it('never picks the single busiest instance, since it loses every comparison', () => {
    const balancer = new LeastRequestBalancer({}, mulberry32(4));
    const candidates = fakeCandidates({ a: 1, b: 1, c: 1, d: 1 });
    candidates[2].inFlight = 3;
    const counts = tally(pickSequence(() => balancer.pick(candidates), 1000));
    expect(counts['c']).toBeUndefined();
    expect(Object.keys(counts).sort()).toEqual(['a', 'b', 'd']);
  });

  it('weighs load against weight: weight 4 with 2 in flight beats weight 1 idle', () => {
    const balancer = new LeastRequestBalancer({}, mulberry32(1));
    const candidates = fakeCandidates({ heavy: 4, light: 1 });
    candidates[0].inFlight = 2; // score 4/3 against 1/1
    expect(new Set(pickSequence(() => balancer.pick(candidates), 50))).toEqual(new Set(['heavy']));
    candidates[0].inFlight = 4; // score 4/5 against 1/1
    expect(new Set(pickSequence(() => balancer.pick(candidates), 50))).toEqual(new Set(['light']));
  });

  it('is reproducible for a seed and spreads equal load evenly', () => {
    const candidates = fakeCandidates({ a: 1, b: 1, c: 1 });
    const first = new LeastRequestBalancer({}, mulberry32(42));
    const second = new LeastRequestBalancer({}, mulberry32(42));
    const picks = pickSequence(() => first.pick(candidates), 3000);
    expect(pickSequence(() => second.pick(candidates), 3000)).toEqual(picks);
    for (const count of Object.values(tally(picks))) expect(count).toBeGreaterThan(850);
  });

  it('skips unavailable and excluded instances', () => {
    const balancer = new LeastRequestBalancer({}, mulberry32(2));
    const candidates = fakeCandidates({ a: 1, b: 1, c: 1 });
    candidates[0].available = false;
    expect(new Set(pickSequence(() => balancer.pick(candidates, new Set(['b'])), 20))).toEqual(
      new Set(['c']),
    );
    expect(balancer.pick(candidates, new Set(['b', 'c']))).toBeUndefined();
  });

  it.each([
    [{ choiceCount: 1 }, /choiceCount must be an integer between 2 and 100, got 1/],
    [{ activeRequestBias: -1 }, /activeRequestBias must be a number between 0 and 10, got -1/],
  ])('rejects bad options at construction: %p', (options, message) => {
    expect(() => new LeastRequestBalancer(options)).toThrow(RangeError);
    expect(() => new LeastRequestBalancer(options)).toThrow(message);
  });
});
