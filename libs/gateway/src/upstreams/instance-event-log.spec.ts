import { capturedLogger } from '@cartwheel/service-kit/testing';
import type { InstanceEvent } from '@cartwheel/upstream';
import { logInstanceEvents } from './instance-event-log';

const INFO = 30;
const WARN = 40;

function capture() {
  const { logger, lines } = capturedLogger({ base: { service: 'gateway' } });
  return { lines, log: logInstanceEvents(logger) };
}

describe('logInstanceEvents', () => {
  it('logs setbacks at warn and recoveries at info, naming upstream, instance, gate and state', () => {
    const { lines, log } = capture();
    const events: InstanceEvent[] = [
      { gate: 'health', state: 'healthy' },
      { gate: 'breaker', state: 'open', reason: 'upstream attempt timed out after 1000 ms' },
      { gate: 'breaker', state: 'half-open' },
      { gate: 'breaker', state: 'closed' },
      { gate: 'health', state: 'unhealthy', reason: 'http://catalog-2:3000: EAI_AGAIN' },
      { gate: 'ejection', state: 'readmitted', by: 'trial' },
      { gate: 'ejection', state: 'readmitted', by: 'health-check' },
    ];
    for (const event of events) log('catalog', 'catalog-2', event);
    expect(lines.map((line) => [line['level'], line['gate'], line['state']])).toEqual([
      [INFO, 'health', 'healthy'],
      [WARN, 'breaker', 'open'],
      [INFO, 'breaker', 'half-open'],
      [INFO, 'breaker', 'closed'],
      [WARN, 'health', 'unhealthy'],
      [INFO, 'ejection', 'readmitted'],
      [INFO, 'ejection', 'readmitted'],
    ]);
    expect(lines.slice(-2).map((line) => line['by'])).toEqual(['trial', 'health-check']);
    // The base field `service` still names the gateway; the upstream has its own field.
    expect(lines.every((l) => l['service'] === 'gateway' && l['upstream'] === 'catalog')).toBe(
      true,
    );
    expect(lines.every((l) => l['instance'] === 'catalog-2')).toBe(true);
    expect(new Set(lines.map((line) => line['msg'])).size).toBe(events.length);
    // Why it lost traffic, on each setback; a recovery has no reason.
    expect(lines.map((line) => line['reason'])).toEqual([
      undefined,
      'upstream attempt timed out after 1000 ms',
      undefined,
      undefined,
      'http://catalog-2:3000: EAI_AGAIN',
      undefined,
      undefined,
    ]);
  });

  it('says until when an ejected instance gets its probation trial, and what ejected it', () => {
    const { lines, log } = capture();
    const until = Date.UTC(2026, 10, 27, 8, 30, 0);
    const reason = 'upstream answered with status 503';
    log('cart', 'cart-1', { gate: 'ejection', state: 'ejected', until, reason });
    expect(lines).toEqual([
      expect.objectContaining({
        level: WARN,
        upstream: 'cart',
        instance: 'cart-1',
        gate: 'ejection',
        state: 'ejected',
        until: '2026-11-27T08:30:00.000Z',
        reason: 'upstream answered with status 503',
        msg: 'instance ejected after consecutive failures',
      }),
    ]);
  });
});
