/**
 * The goals of issue 5, each judged from one run's results: what was measured, the target, and
 * by how much it is met or missed.
 */
const MB = 1e6;

/**
 * `lean` is what the reference row L (a Node.js proxy with no features) measures against the same
 * target, where the goal applies to it: whether Node.js alone meets the goal on this machine.
 * `stack` is the same for row E (Express 5 + axios over undici, no features): whether the
 * gateway's framework and client API alone meet it.
 * @returns {{ goal: string, target: string, measured: string, met: boolean, margin: string, lean?: string, stack?: string }[]}
 */
export function judgeGoals({ rows, fixedRate, failFast, gatewayPeakRssBytes }) {
  const row = (id) => rows.find((r) => r.id === id);
  const rate = (id) => fixedRate.find((r) => r.id === id);
  const goals = [];

  goals.push(
    {
      ...atLeast(
        'Row 4 (gateway, cache off) vs row 2 (HAProxy), req/s',
        row(4).rps / row(2).rps,
        0.45,
      ),
      lean: `${(row('L').rps / row(2).rps).toFixed(2)}x`,
      stack: `${(row('E').rps / row(2).rps).toFixed(2)}x`,
    },
    atLeast('Row 6 (priced cart view) vs row 7 (naive), req/s', row(6).rps / row(7).rps, 5),
  );
  const p99Gap = row(6).latencyMs.p99 - row(7).latencyMs.p99;
  goals.push({
    goal: 'Row 6 p99 no worse than row 7 p99',
    target: '<= row 7',
    measured: `${ms(row(6).latencyMs.p99)} vs ${ms(row(7).latencyMs.p99)}`,
    met: p99Gap <= 0,
    margin: signed(-p99Gap, digitsFor(-p99Gap, 2), ' ms'),
  });

  for (const [p, limit] of [
    ['p50', 0.5],
    ['p99', 2],
  ]) {
    const added = rate(4).latencyMs[p] - rate(1).latencyMs[p];
    goals.push({
      goal: `At ${rate(4).rate.toLocaleString('en-US')} req/s, ${p} the gateway adds over row 1`,
      target: `<= ${limit} ms`,
      ...shown(added, limit - added, 2, ' ms'),
      met: added <= limit,
      lean: ms(rate('L').latencyMs[p] - rate(1).latencyMs[p]),
    });
  }

  const rssMb = gatewayPeakRssBytes / MB;
  goals.push({
    goal: 'Gateway peak RSS over the whole run',
    target: '<= 150 MB',
    ...shown(rssMb, 150 - rssMb, 1, ' MB'),
    met: gatewayPeakRssBytes <= 150 * MB,
  });

  goals.push({
    goal: 'Open breakers fail fast: p99 of product requests, catalog all down',
    target: '< 5 ms',
    ...shown(failFast.latencyMs.p99, 5 - failFast.latencyMs.p99, 2, ' ms'),
    met: failFast.latencyMs.p99 < 5,
  });
  return goals;
}

/** A ratio goal: `ratio` must reach `min`. */
function atLeast(goal, ratio, min) {
  return {
    goal,
    target: `>= ${min}x`,
    ...shown(ratio, ratio - min, 2, 'x'),
    met: ratio >= min,
  };
}

function ms(value) {
  return `${value.toFixed(2)} ms`;
}

/**
 * A goal's measured value and its margin (headroom when positive), both shown with the digits
 * that keep the margin from reading zero.
 */
function shown(value, margin, digits, unit) {
  const fixed = digitsFor(margin, digits);
  return { measured: `${value.toFixed(fixed)}${unit}`, margin: signed(margin, fixed, unit) };
}

/**
 * `digits`, or up to two more where `value` would round to zero: a goal missed by 0.003 ms reads
 * "0.503 ms, short by 0.003 ms", not "0.50 ms, short by 0.00 ms".
 */
function digitsFor(value, digits) {
  for (let shown = digits; shown <= digits + 2; shown += 1) {
    if (Number(Math.abs(value).toFixed(shown)) !== 0) return shown;
  }
  // Zero, or a floating-point remainder of it.
  return digits;
}

/** Headroom when positive, shortfall when negative, with the digits {@link digitsFor} gave. */
function signed(value, digits, unit) {
  const text = `${Math.abs(value).toFixed(digits)}${unit}`;
  return value >= 0 ? `${text} to spare` : `short by ${text}`;
}
