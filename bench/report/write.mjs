/** Writes the report and its chart to bench/results/<date>[-quick].md and .svg. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { markdownReport } from './markdown.mjs';
import { latencySvg } from './svg.mjs';

export function writeReport(results, dir = 'bench/results') {
  // A smoke check must not overwrite the day's full report.
  const base = results.options.quick ? `${results.date}-quick` : results.date;
  const chartFile = `${base}.svg`;
  const markdown = markdownReport({ ...results, chartFile });
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${base}.md`), markdown);
  writeFileSync(join(dir, chartFile), latencySvg(chartSections(results)));
  return { markdown, file: join(dir, `${base}.md`) };
}

function chartSections({ options, rows, fixedRate, failFast }) {
  return [
    {
      title: `Throughput runs (wrk, ${options.connections} connections)`,
      rows: rows.map((r) => ({ label: `${r.id}. ${r.name}`, latencyMs: r.latencyMs })),
    },
    {
      title: `At ${options.fixedRate.rate} req/s, constant rate`,
      rows: fixedRate.map((r) => ({ label: `${r.id}. ${r.name}`, latencyMs: r.latencyMs })),
    },
    {
      title: 'Open breakers fail fast (catalog down)',
      rows: [{ label: 'gateway, every catalog instance down', latencyMs: failFast.latencyMs }],
    },
  ];
}
