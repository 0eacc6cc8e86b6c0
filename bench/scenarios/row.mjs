/** Starts a row's system, measures it (and its fixed-rate row, if any), and stops it again. */
import { watchRss } from '../rss.mjs';
import { measureFixedRate } from './fixed-rate.mjs';
import { measureThroughput } from './throughput.mjs';

export async function runRow(ctx, row) {
  ctx.log(`row ${row.id}: ${row.name}`);
  const system = await row.start();
  const rss = watchRss(system.pids);
  try {
    const paths = await row.prepare(system);
    const result = await measureThroughput(ctx, { system, paths, countCalls: row.countCalls, rss });
    // After the throughput runs, so that the system is warm (JIT, pools) as in steady service.
    const fixed = row.fixedRate ? await measureFixedRate(ctx, { system, paths }) : null;
    return { row: { id: row.id, name: row.name, gateway: row.gateway === true, ...result }, fixed };
  } finally {
    rss.stop();
    await system.stop();
  }
}
