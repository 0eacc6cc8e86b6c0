/**
 * A hand-written SVG of the latency distributions: per row, bars for p50, p90, p99 and p99.9 on
 * a log scale, so that sub-millisecond proxies and 100 ms tails fit one chart.
 *
 * @example writeFileSync('bench/results/2025-01-01.svg', latencySvg([{ title, rows: [{ label, latencyMs }] }]));
 */
const PERCENTILES = [
  ['p50', 'p50', '#4e79a7'],
  ['p90', 'p90', '#59a14f'],
  ['p99', 'p99', '#f28e2b'],
  ['p999', 'p99.9', '#e15759'],
];
const WIDTH = 960;
const LEFT = 300;
const RIGHT = 40;
const BAR = 6;
const GROUP = PERCENTILES.length * BAR + 12;
const SECTION_HEAD = 34;

export function latencySvg(sections) {
  const values = sections.flatMap((s) =>
    s.rows.flatMap((r) => PERCENTILES.map(([key]) => r.latencyMs[key])),
  );
  const finite = values.filter((v) => Number.isFinite(v) && v > 0);
  const minExp = Math.floor(Math.log10(Math.min(0.1, ...finite)));
  const maxExp = Math.ceil(Math.log10(Math.max(1, ...finite)));
  const x = (v) => LEFT + ((Math.log10(v) - minExp) / (maxExp - minExp)) * (WIDTH - LEFT - RIGHT);

  const parts = [];
  let y = 56;
  for (const section of sections) {
    parts.push(text(16, y + 20, section.title, 'font-weight="bold"'));
    y += SECTION_HEAD;
    const top = y;
    const bars = [];
    for (const row of section.rows) {
      bars.push(text(16, y + GROUP / 2 + 2, row.label));
      PERCENTILES.forEach(([key, , color], i) => {
        const v = row.latencyMs[key];
        if (!Number.isFinite(v) || v <= 0) return;
        const right = Math.max(x(v), LEFT + 1);
        bars.push(
          `<rect x="${LEFT}" y="${y + i * BAR}" width="${(right - LEFT).toFixed(1)}" height="${BAR - 1}" fill="${color}"><title>${esc(row.label)} ${key}: ${v.toFixed(3)} ms</title></rect>`,
        );
      });
      y += GROUP;
    }
    // Grid first, bars over it.
    parts.push(axis(x, minExp, maxExp, top, y), ...bars);
    y += 28;
  }
  const height = y + 10;
  const legend = PERCENTILES.map(
    ([, label, color], i) =>
      `<rect x="${LEFT + i * 90}" y="14" width="12" height="12" fill="${color}"/>${text(LEFT + i * 90 + 18, 25, label)}`,
  ).join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="sans-serif" font-size="12">
<rect width="100%" height="100%" fill="#fff"/>
${text(16, 25, 'Latency (ms, log scale)', 'font-weight="bold"')}${legend}
${parts.join('\n')}
</svg>
`;
}

function axis(x, minExp, maxExp, top, bottom) {
  const ticks = [];
  for (let e = minExp; e <= maxExp; e += 1) {
    for (const m of [1, 2, 5]) {
      const v = m * 10 ** e;
      if (e === maxExp && m > 1) continue;
      const major = m === 1;
      ticks.push(
        `<line x1="${x(v).toFixed(1)}" y1="${top}" x2="${x(v).toFixed(1)}" y2="${bottom}" stroke="${major ? '#999' : '#ddd'}"/>`,
      );
      if (major || maxExp - minExp <= 3) {
        ticks.push(
          text(x(v), bottom + 14, String(Number(v.toPrecision(1))), 'text-anchor="middle"'),
        );
      }
    }
  }
  return ticks.join('\n');
}

function text(x, y, content, attrs = '') {
  return `<text x="${typeof x === 'number' ? x.toFixed(1) : x}" y="${y}" ${attrs}>${esc(content)}</text>`;
}

function esc(value) {
  return String(value).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
