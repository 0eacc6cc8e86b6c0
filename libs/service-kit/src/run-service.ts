import type { RequestListener } from 'node:http';
import type { ServiceConfig } from './config';
import { drainAndClose, listen, serverUrl, type DrainOptions } from './graceful-server';
import type { Lifecycle } from './lifecycle';
import { closeLog, type Logger } from './logger';

export interface RunServiceOptions {
  /** Port, host, keep-alive, drain and shutdown times come from here. */
  readonly config: ServiceConfig;
  readonly logger: Logger;
  readonly lifecycle: Lifecycle;
  readonly handler: RequestListener;
  /** Releases what the app holds (stores, timers) after the last request has finished. */
  readonly close: () => Promise<void>;
}

/**
 * A signal repeated within this time is the same stop: a terminal's Ctrl-C reaches the whole
 * process group, and a runner in it (npm, `tsx watch` under `nx serve`) relays it once more.
 */
const REPEATED_SIGNAL_MS = 1_000;

/**
 * How long exit waits for stdout to take the rest of the log. Written out it takes well under a
 * millisecond; this bound is only reached when the log's reader has stopped reading.
 */
const LOG_CLOSE_TIMEOUT_MS = 1_000;

/**
 * The process shell of a service: listen, become ready, and on SIGTERM or SIGINT drain, close
 * and exit 0. A second signal while draining, more than `REPEATED_SIGNAL_MS` later, exits at
 * once (1), as an impatient Ctrl-C expects.
 */
export async function runService(options: RunServiceOptions): Promise<void> {
  const { logger, lifecycle, config } = options;
  const drain: DrainOptions = {
    drainMs: config.DRAIN_MS,
    shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
  };
  const server = await listen(options.handler, {
    port: config.PORT,
    host: config.HOST,
    keepAliveTimeoutMs: config.KEEP_ALIVE_TIMEOUT_MS,
  });
  // The first exit wins: only it logs its last line, and its status is the one the process ends
  // with. Later ones (a second signal, the drain ending meanwhile) join it.
  let exiting: Promise<never> | undefined;
  const exit = (code: number, lastLine: () => void): Promise<never> => {
    if (exiting !== undefined) return exiting;
    lastLine();
    exiting = closeLog(logger, LOG_CLOSE_TIMEOUT_MS).then((closed) => {
      // A reader that has gone was reported when it went.
      if (closed === 'timed out') {
        process.stderr.write(
          `log lines dropped at exit: stdout did not take them within ${LOG_CLOSE_TIMEOUT_MS} ms\n`,
        );
      }
      return process.exit(code);
    });
    return exiting;
  };

  let stoppedAt: number | undefined;
  const stop = (signal: NodeJS.Signals): void => {
    if (stoppedAt !== undefined) {
      if (performance.now() - stoppedAt < REPEATED_SIGNAL_MS) return;
      void exit(1, () => logger.warn({ signal }, 'second signal, exiting now'));
      return;
    }
    stoppedAt = performance.now();
    logger.info({ signal, drainMs: drain.drainMs }, 'draining');
    drainAndClose(server, lifecycle, drain)
      .then(async (clean) => {
        await options.close();
        return exit(0, () => logger.info({ clean }, 'stopped'));
      })
      .catch((err: unknown) => exit(1, () => logger.fatal({ err }, 'shutdown failed')));
  };
  // Before the service says it is ready: whoever waits for that (a supervisor's readiness probe,
  // a test reading the `listening` line) may stop it at once, and a signal that found no handler
  // would kill it without a drain (seen in CI: a SIGINT sent on `listening` ended the process).
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  lifecycle.markReady();
  logger.info(
    { url: serverUrl(server), port: (server.address() as { port: number }).port },
    'listening',
  );
}

/** Runs a main function, turning a startup failure into one log line and exit status 1. */
export function runMain(main: () => Promise<void>): void {
  main().catch((err: unknown) => {
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`${message}\n`);
    process.exit(1);
  });
}
