/** Number formats shared by the Markdown report and the chart. */

export const int = (value) =>
  Number.isFinite(value) ? Math.round(value).toLocaleString('en-US') : 'n/a';

export const ms = (value) => (Number.isFinite(value) ? value.toFixed(2) : 'n/a');

export const ratio = (value) => (Number.isFinite(value) ? `${value.toFixed(2)}x` : 'n/a');

export const mb = (bytes) =>
  Number.isFinite(bytes) && bytes > 0 ? (bytes / 1e6).toFixed(1) : 'n/a';

export const calls = (value) => (Number.isFinite(value) ? value.toFixed(2) : 'n/a');
