/**
 * A group of rows measured in turns. Every system of the group is started first; then each round
 * gives every row one run, one row after the other. A busy spell on this shared machine lands on
 * every row of a round alike, so the ratios between rows (the goals) hold; measured one row after
 * the other, the row that met the busy spell took it alone, and its ratio with it.
 */
import { watchRss } from '../rss.mjs';
import { measureFixedRateInTurns } from './fixed-rate.mjs';
import { measureThroughputInTurns } from './throughput.mjs';

/**
 * @example
 * const results = await runRowsInTurns(ctx, proxyRows(ctx, upstreams));
 * // [{ row: { id, name, gateway, rps, ..., peakRssBytes }, fixed: { rate, latencyMs, ... } | null }]
 */
export async function runRowsInTurns(ctx, rows) {
  const entries = [];
  try {
    for (const row of rows) {
      ctx.log(`row ${row.id}: ${row.name}`);
      const system = await row.start();
      // Watched from its start, so that warm-up growth counts too.
      entries.push({ row, system, rss: watchRss(system.pids) });
    }
    // In row order: the naive cart view reads the cart that the gateway row creates.
    for (const entry of entries) entry.paths = await entry.row.prepare(entry.system);
    const throughput = await measureThroughputInTurns(ctx, entries);
    // After the throughput runs, so that each system is warm (JIT, pools) as in steady service.
    const fixed = await measureFixedRateInTurns(
      ctx,
      entries.filter((entry) => entry.row.fixedRate),
    );
    return entries.map((entry, i) => ({
      row: {
        id: entry.row.id,
        name: entry.row.name,
        gateway: entry.row.gateway === true,
        ...throughput[i],
        peakRssBytes: entry.rss.stop(),
      },
      fixed: fixed.get(entry) ?? null,
    }));
  } finally {
    for (const entry of [...entries].reverse()) {
      entry.rss.stop();
      await entry.system.stop();
    }
  }
}
