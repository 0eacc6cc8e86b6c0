import pino, { type Logger, type LevelWithSilent } from 'pino';

export type { Logger };
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/**
 * Most log output held in memory while stdout does not take it; beyond it lines are dropped and
 * counted. A stalled log reader during a flood (each fail-fast 503 is an error line) would
 * otherwise grow the process without bound: 130 to 280 MB of RSS over 300,000 access lines in a
 * test, against 170 MB and flat with this bound. 16 MB holds several seconds of such a flood.
 */
const LOG_BACKLOG_MAX_BYTES = 16 * 1024 * 1024;

/**
 * Log lines go out in writes of at least 4 KB, or 100 ms after the first line still held. Each
 * write is a round trip to libuv's thread pool: a pool thread woken, the write, the main thread
 * woken for its callback. At a steady 1,000 requests/s every access line made its own round trip;
 * batched, the gateway spent 0.81x and 0.91x the CPU per request in two comparisons, one with
 * sonic-boom's `periodicFlush` (bench/README.md). When requests come faster than writes, lines
 * already queue up behind the write in flight, so the batch changes little there. A SIGKILL
 * loses what is held, as it loses the write in flight; a normal exit, a crash and closeLog write
 * it out.
 */
const LOG_BATCH_BYTES = 4096;
const LOG_BATCH_WAIT_MS = 100;

type Destination = ReturnType<typeof pino.destination>;

interface BatchTimer {
  /** pino's `hooks.streamWrite`: sets the timer for the first line held. */
  readonly streamWrite: (line: string) => string;
  /** Clears the timer of a batch in waiting and sets no more: the log is ending or dark. */
  readonly stop: () => void;
}

interface LogOutput {
  readonly destination: Destination;
  readonly batch: BatchTimer;
}

/** Each logger made here, to its output, so that {@link closeLog} can end it. */
const outputs = new WeakMap<Logger, LogOutput>();

/** Destinations whose reader has closed the pipe: nothing written there arrives any more. */
const readerGone = new WeakSet<Destination>();

/** How {@link closeLog} ended: all written, given up after its wait, or no reader to write to. */
export type LogClose = 'written' | 'timed out' | 'reader gone';

export interface CreateLoggerOptions {
  /** Default 16 MB (`LOG_BACKLOG_MAX_BYTES`). */
  readonly backlogMaxBytes?: number;
}

/**
 * Writes out what `destination` holds `LOG_BATCH_WAIT_MS` after the first line it took, unless a
 * full batch went out before. A timer only while lines are held: sonic-boom's own
 * `periodicFlush` would also write nothing every 100 ms while the service is idle, waking a pool
 * thread each time.
 */
function batchTimer(destination: Destination): BatchTimer {
  let waiting: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  const writeSoon = () => {
    waiting = undefined;
    // pino ends the stream by itself when the event loop empties (`beforeExit`), and flush()
    // throws once it is closing: a process that logged its last line just before would crash.
    if (!(destination as { readonly destroyed?: boolean }).destroyed) destination.flush();
  };
  return {
    streamWrite: (line) => {
      if (!stopped && waiting === undefined) {
        waiting = setTimeout(writeSoon, LOG_BATCH_WAIT_MS).unref();
      }
      return line;
    },
    stop: () => {
      stopped = true;
      clearTimeout(waiting);
      waiting = undefined;
    },
  };
}

/**
 * Structured JSON lines on stdout: the container runtime or the local runner collects them, so
 * the service itself never writes files or rotates logs. Written asynchronously, from libuv's
 * thread pool, as pino's default destination does, in batches (`LOG_BATCH_BYTES`), and flushed
 * on exit: synchronous writes measured no faster when every request goes upstream and 0.82x the
 * answers when they fail fast (bench/README). pino's sonic-boom is raised to 5 (`overrides` in
 * package.json): 4 retried a write that failed for good (ENOSPC, EIO) every 100 ms for ever in
 * its flush at exit.
 */
export function createLogger(
  service: string,
  level: LevelWithSilent,
  options: CreateLoggerOptions = {},
): Logger {
  const destination = pino.destination({
    // `process.stdout.fd`, as pino's default reads it, not a bare 1: reading it sets up Node's
    // stdout, which puts a pipe in non-blocking mode. A full pipe then makes the write retry
    // later instead of blocking a libuv thread, which DNS lookups share, until the reader reads.
    dest: process.stdout.fd,
    sync: false,
    minLength: LOG_BATCH_BYTES,
    maxLength: options.backlogMaxBytes ?? LOG_BACKLOG_MAX_BYTES,
  });
  const batch = batchTimer(destination);
  const logger = pino(
    {
      name: service,
      level,
      base: { service, pid: process.pid },
      hooks: { streamWrite: batch.streamWrite },
    },
    destination,
  );
  let dropped = 0;
  destination.on('drop', () => (dropped += 1));
  // `drain` comes when the backlog has all been written, so the count has room to go out.
  destination.on('drain', () => {
    if (dropped === 0) return;
    logger.warn({ dropped }, 'log lines dropped: stdout did not take them as fast as they came');
    dropped = 0;
  });
  // On EPIPE pino turns the destination's write and end into no-ops and says nothing; the log
  // is dark from then on. Say it once on stderr, and let closeLog skip its wait. Before pino's
  // own listener, which re-emits any other error: this one steps aside for those, so they still
  // end the process as an unhandled stream error.
  const onWriteError = (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') {
      destination.off('error', onWriteError);
      return;
    }
    if (readerGone.has(destination)) return;
    readerGone.add(destination);
    batch.stop();
    process.stderr.write('log lines dropped from now on: the reader of stdout has closed it\n');
  };
  destination.prependListener('error', onWriteError);
  outputs.set(logger, { destination, batch });
  return logger;
}

/**
 * Writes out what the log of a logger from {@link createLogger} still holds and ends it, waiting
 * at most `timeoutMs`; resolves how that went. Past that the rest is dropped. Without it pino
 * writes the rest at exit, synchronously and retrying for as long as stdout stays full, so a log
 * reader that never reads again kept a stopping service from exiting at all. A reader that has
 * closed stdout is not waited for. Call it last, just before `process.exit`: nothing can be
 * logged once it has given up.
 */
export function closeLog(logger: Logger, timeoutMs: number): Promise<LogClose> {
  const output = outputs.get(logger);
  if (output === undefined) return Promise.resolve('written');
  outputs.delete(logger);
  const { destination } = output;
  // end() writes what a batch holds; a timer must not flush a stream that is ending.
  output.batch.stop();
  if (readerGone.has(destination)) return Promise.resolve('reader gone');
  return new Promise((resolve) => {
    const closed = () => {
      clearTimeout(timer);
      resolve('written');
    };
    const timer = setTimeout(() => {
      destination.off('close', closed);
      // Destroyed, it is skipped by pino's flush at exit.
      destination.destroy();
      resolve(readerGone.has(destination) ? 'reader gone' : 'timed out');
    }, timeoutMs);
    destination.once('close', closed);
    destination.end();
  });
}
