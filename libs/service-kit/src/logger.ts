import pino, { type Logger, type LevelWithSilent } from 'pino';

export type { Logger };
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/**
 * Structured JSON lines on stdout: the container runtime or the local runner collects them, so
 * the service itself never writes files or rotates logs.
 */
export function createLogger(service: string, level: LevelWithSilent): Logger {
  return pino({ name: service, level, base: { service, pid: process.pid } });
}
