/**
 * How many bytes a Node.js process allocates per HTTP request it serves, and where: V8's sampling
 * heap profiler, told to keep the samples of objects a GC has since freed (by default it reports
 * only live ones, and nearly all of a request's objects die young). Preload it; SIGUSR1 starts
 * sampling, SIGUSR2 stops and writes to ALLOCATION_OUT as JSON the bytes per request (requests
 * counted from node:http's diagnostics channel over the same window) by package and by function.
 * Frames in a bundle are mapped through the bundle's `.map` beside it.
 *
 * @example
 * ALLOCATION_OUT=/tmp/gw-alloc.json node --import ./bench/measure/allocation-sampler.mjs apps/gateway/dist/main.js
 * # warm it up under load, then: kill -USR1 <pid>; load it; kill -USR2 <pid>; cat /tmp/gw-alloc.json
 */
import { subscribe } from 'node:diagnostics_channel';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { SourceMap } from 'node:module';
import { fileURLToPath } from 'node:url';

const out = process.env.ALLOCATION_OUT;
if (out === undefined) throw new Error('allocation-sampler: set ALLOCATION_OUT');
// One sample per 1 KB allocated on average; each sample stands for its share of the bytes.
const SAMPLING_INTERVAL = 1024;
const TOP = 30;

const session = new Session();
session.connect();
let requests = 0;
let sampling = false;
subscribe('http.server.request.start', () => {
  if (sampling) requests += 1;
});

const maps = new Map();
/** The bundle's source map, if one lies beside it; `location` is a file URL (ESM) or path (CJS). */
function sourceMapOf(location) {
  if (!maps.has(location)) {
    const file = `${location.startsWith('file:') ? fileURLToPath(location) : location}.map`;
    const map = existsSync(file) ? new SourceMap(JSON.parse(readFileSync(file, 'utf8'))) : null;
    maps.set(location, map);
  }
  return maps.get(location);
}

/** `[package, "function source:line"]` of a profile frame, through the bundle's source map. */
function placeOf({ functionName, url, lineNumber, columnNumber }) {
  if (url === '') {
    const native = `(${functionName || 'native'})`;
    return [native, native];
  }
  const name = functionName || '(anonymous)';
  let source = url;
  let line = lineNumber + 1;
  const map = url.startsWith('node:') ? null : sourceMapOf(url);
  const entry = map?.findEntry(lineNumber, columnNumber);
  if (entry?.originalSource !== undefined) {
    source = entry.originalSource;
    line = entry.originalLine + 1;
  }
  // A dependency by its package name, our own code by its lib or app; anything else by its file.
  const [, pkg, rest] =
    /node_modules\/((?:@[^/]+\/)?[^/]+)\/(.*)/.exec(source) ??
    /\/((?:libs|apps)\/[^/]+)\/(.*)/.exec(source) ??
    [];
  if (pkg === undefined) {
    return [
      source.startsWith('node:') ? source : source.replace(/^.*\//, ''),
      `${name} ${source}:${line}`,
    ];
  }
  return [pkg, `${name} ${pkg}/${rest}:${line}`];
}

function summarise(profile) {
  const byPackage = new Map();
  const byFunction = new Map();
  let total = 0;
  const walk = (node) => {
    const bytes = node.selfSize;
    if (bytes > 0) {
      const [pkg, fn] = placeOf(node.callFrame);
      byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + bytes);
      byFunction.set(fn, (byFunction.get(fn) ?? 0) + bytes);
      total += bytes;
    }
    for (const child of node.children) walk(child);
  };
  walk(profile.head);
  const perRequest = (entries) =>
    [...entries]
      .sort((a, b) => b[1] - a[1])
      .slice(0, TOP)
      .map(([name, bytes]) => [name, Math.round(bytes / requests)]);
  return {
    requests,
    bytesPerRequest: Math.round(total / requests),
    byPackage: perRequest(byPackage),
    byFunction: perRequest(byFunction),
  };
}

process.on('SIGUSR1', () => {
  requests = 0;
  sampling = true;
  session
    .post('HeapProfiler.startSampling', {
      samplingInterval: SAMPLING_INTERVAL,
      includeObjectsCollectedByMajorGC: true,
      includeObjectsCollectedByMinorGC: true,
    })
    .catch((error) => console.error('allocation-sampler: could not start', error));
});
process.on('SIGUSR2', () => {
  if (!sampling) return;
  sampling = false;
  session
    .post('HeapProfiler.stopSampling')
    .then(({ profile }) => writeFileSync(out, `${JSON.stringify(summarise(profile), null, 1)}\n`))
    .catch((error) => console.error('allocation-sampler: could not stop', error));
});
