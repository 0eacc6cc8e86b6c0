import { mulberry32, randomIndex } from './random';

describe('mulberry32', () => {
  it('replays the same sequence for the same seed and differs for another', () => {
    const draw = (seed: number) => Array.from({ length: 5 }, mulberry32(seed));
    expect(draw(1)).toEqual(draw(1));
    expect(draw(1)).not.toEqual(draw(2));
  });

  it('stays within [0, 1) and is roughly uniform', () => {
    const random = mulberry32(123);
    const buckets = [0, 0, 0, 0];
    for (let i = 0; i < 40_000; i++) {
      const value = random();
      expect(value >= 0 && value < 1).toBe(true);
      buckets[Math.floor(value * 4)] += 1;
    }
    for (const count of buckets) expect(Math.abs(count - 10_000)).toBeLessThan(400);
  });
});

describe('randomIndex', () => {
  it('clamps a source that returns 1 to the last index', () => {
    expect(randomIndex(() => 1, 3)).toBe(2);
    expect(randomIndex(() => 0, 3)).toBe(0);
  });
});
