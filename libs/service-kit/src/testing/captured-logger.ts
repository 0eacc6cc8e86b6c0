import { Writable } from 'node:stream';
import pino, { type LoggerOptions } from 'pino';
import type { Logger } from '../logger';

export interface CapturedLogger<Line> {
  readonly logger: Logger;
  /** Every line written so far, parsed (and taken to be `Line`s). */
  readonly lines: readonly Line[];
}

/**
 * A real pino logger whose JSON lines land in memory instead of on stdout. pino writes to a
 * plain stream synchronously, so a line is in `lines` when the logging call returns.
 *
 * @example
 * const { logger, lines } = capturedLogger();
 * logger.warn({ instance: 'a' }, 'ejected');
 * expect(lines[0]).toMatchObject({ level: 40, instance: 'a' });
 */
export function capturedLogger<Line = Record<string, unknown>>(
  options: LoggerOptions = {},
): CapturedLogger<Line> {
  const lines: Line[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const text of chunk.toString('utf8').split('\n').filter(Boolean)) {
        lines.push(JSON.parse(text) as Line);
      }
      done();
    },
  });
  return { logger: pino(options, sink), lines };
}
