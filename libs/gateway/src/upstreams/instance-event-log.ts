import type { Logger } from '@cartwheel/service-kit';
import { isSetback, type InstanceEvent } from '@cartwheel/upstream';
import type { ServiceName } from './upstream-registry';

const MESSAGES = {
  breaker: {
    open: 'circuit breaker opened: instance refused until its reset timeout',
    'half-open': 'circuit breaker half-open: one trial attempt let through',
    closed: 'circuit breaker closed: instance takes traffic again',
  },
  health: {
    unhealthy: 'health checks failing: instance out of rotation',
    healthy: 'health checks passing: instance in rotation',
  },
  ejection: {
    ejected: 'instance ejected after consecutive failures',
    readmitted: {
      trial: 'instance readmitted: its probation trial succeeded',
      'health-check': 'instance readmitted: a health probe passed',
    },
  },
} as const;

function messageFor(event: InstanceEvent): string {
  switch (event.gate) {
    case 'breaker':
      return MESSAGES.breaker[event.state];
    case 'health':
      return MESSAGES.health[event.state];
    case 'ejection':
      return event.state === 'ejected'
        ? MESSAGES.ejection.ejected
        : MESSAGES.ejection.readmitted[event.by];
  }
}

/**
 * One log line per change in an instance's availability: a setback at `warn`, a recovery at
 * `info`. While a service is down its requests fail fast, each with its own access line; these
 * lines say why, once.
 */
export function logInstanceEvents(
  logger: Logger,
): (service: ServiceName, instanceId: string, event: InstanceEvent) => void {
  return (service, instanceId, event) => {
    // `upstream`, not `service`: the logger's base fields already name this gateway as service.
    const line = {
      upstream: service,
      instance: instanceId,
      gate: event.gate,
      state: event.state,
      ...(event.state === 'ejected' && { until: new Date(event.until).toISOString() }),
      ...(event.state === 'readmitted' && { by: event.by }),
      ...('reason' in event && { reason: event.reason }),
    };
    if (isSetback(event)) logger.warn(line, messageFor(event));
    else logger.info(line, messageFor(event));
  };
}
