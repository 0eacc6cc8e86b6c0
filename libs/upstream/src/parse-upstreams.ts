import { InvalidUpstreamsError } from './errors';
import { MAX_WEIGHT, MIN_WEIGHT, type InstanceSpec } from './instance';

/** Parsing outcome as data; `parseUpstreams` is the throwing edge. */
export type ParseResult<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problem: string };

/**
 * Parses an upstream list such as `CATALOG_UPSTREAMS`: comma-separated absolute http(s) URLs,
 * each optionally followed by `;weight=N` (an integer 1..100, default 1). An instance's id is its
 * URL without the trailing slash.
 *
 * @example
 * tryParseUpstreams('http://127.0.0.1:3011;weight=3,http://127.0.0.1:3012')
 * // ok: [{ id: 'http://127.0.0.1:3011', weight: 3, ... }, { id: 'http://127.0.0.1:3012', weight: 1, ... }]
 */
export function tryParseUpstreams(raw: string): ParseResult<InstanceSpec[]> {
  if (raw.trim() === '') return fail('no upstream instances given');
  const specs: InstanceSpec[] = [];
  const entries = raw.split(',');
  for (const [index, entry] of entries.entries()) {
    const parsed = parseEntry(entry.trim(), `entry ${index + 1}`);
    if (!parsed.ok) return parsed;
    if (specs.some((spec) => spec.id === parsed.value.id)) {
      return fail(`entry ${index + 1} repeats ${parsed.value.id}`);
    }
    specs.push(parsed.value);
  }
  return { ok: true, value: specs };
}

/** Like `tryParseUpstreams`, but throws InvalidUpstreamsError; for config loading at boot. */
export function parseUpstreams(raw: string): InstanceSpec[] {
  const result = tryParseUpstreams(raw);
  if (!result.ok) throw new InvalidUpstreamsError(result.problem);
  return result.value;
}

function parseEntry(entry: string, where: string): ParseResult<InstanceSpec> {
  if (entry === '') return fail(`${where} is empty`);
  const [address = '', ...options] = entry.split(';');
  const url = parseUrl(address.trim(), where);
  if (!url.ok) return url;
  const weight = parseOptions(options, where);
  if (!weight.ok) return weight;
  const id = url.value.href.replace(/\/$/, '');
  return { ok: true, value: { id, url: url.value, weight: weight.value } };
}

function parseUrl(address: string, where: string): ParseResult<URL> {
  if (!URL.canParse(address))
    return fail(`${where} (${JSON.stringify(address)}) is not an absolute URL`);
  const url = new URL(address);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return fail(`${where} must use http or https, not ${url.protocol.slice(0, -1)}`);
  }
  // The message names the entry, never echoes it: it holds a password.
  if (url.username !== '' || url.password !== '')
    return fail(`${where} must not contain credentials`);
  if (/[?#]/.test(address)) return fail(`${where} (${url.host}) must not have a query or fragment`);
  return { ok: true, value: url };
}

function parseOptions(options: readonly string[], where: string): ParseResult<number> {
  let weight: number | undefined;
  for (const option of options) {
    const [key = '', value, ...rest] = option.trim().split('=');
    if (key !== 'weight' || value === undefined || rest.length > 0) {
      return fail(
        `${where} has an unknown option ${JSON.stringify(option.trim())}; only weight=N is allowed`,
      );
    }
    if (weight !== undefined) return fail(`${where} gives weight twice`);
    const parsed = /^[1-9]\d{0,2}$/.test(value) ? Number(value) : Number.NaN;
    if (!(parsed >= MIN_WEIGHT && parsed <= MAX_WEIGHT)) {
      return fail(
        `${where} weight must be an integer ${MIN_WEIGHT}..${MAX_WEIGHT}, got ${JSON.stringify(value)}`,
      );
    }
    weight = parsed;
  }
  return { ok: true, value: weight ?? 1 };
}

function fail(problem: string): { readonly ok: false; readonly problem: string } {
  return { ok: false, problem };
}
