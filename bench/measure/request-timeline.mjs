/**
 * Where a proxied request's time goes inside one Node.js process, from the diagnostics channels
 * that node:http and undici publish, so it works on any build of the gateway and on row L without
 * a change to their code. Preload it; on SIGUSR2 it writes each stage's p50 and p90 over the last
 * requests (10,000, or REQUEST_TIMELINE_LAST) to REQUEST_TIMELINE_OUT as JSON.
 *
 * Stages: `inbound` (request parsed to the upstream request made: routing, checks, balancer,
 * breaker, axios), `queued` (made to its headers written: undici waits a turn of the event loop
 * before it reuses an idle keep-alive socket), `upstream` (written to the answer's headers),
 * `body` (headers to the last byte), `outbound` (the last byte to the response handed to the
 * socket: parsing, schema checks, serialising, writing) and `total`.
 *
 * @example
 * REQUEST_TIMELINE_OUT=/tmp/gw.json node --import ./bench/measure/request-timeline.mjs apps/gateway/dist/main.js
 * # load it, then: kill -USR2 <pid>; cat /tmp/gw.json
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { subscribe } from 'node:diagnostics_channel';
import { writeFileSync } from 'node:fs';
import { percentile } from '../stats.mjs';

const keep = Number(process.env.REQUEST_TIMELINE_LAST ?? 10_000);
const out = process.env.REQUEST_TIMELINE_OUT;
if (out === undefined) throw new Error('request-timeline: set REQUEST_TIMELINE_OUT');

const STAGES = [
  ['inbound', 'start', 'made'],
  ['queued', 'made', 'written'],
  ['upstream', 'written', 'headers'],
  ['body', 'headers', 'ended'],
  ['outbound', 'ended', 'finished'],
  ['total', 'start', 'finished'],
];
const current = new AsyncLocalStorage();
const byUpstreamRequest = new WeakMap();
const byResponse = new WeakMap();
const done = [];
const micros = () => Number(process.hrtime.bigint()) / 1e3;

// The store entered here follows the request's handler through its awaits, so the upstream
// request undici makes for it can be told apart from those of requests in flight beside it.
subscribe('http.server.request.start', ({ response }) => {
  const marks = { start: micros() };
  byResponse.set(response, marks);
  current.enterWith(marks);
});
subscribe('undici:request:create', ({ request }) => {
  const marks = current.getStore();
  // The first upstream request only: a retry's time is the first attempt's `upstream` stage.
  if (marks === undefined || marks.made !== undefined) return;
  marks.made = micros();
  byUpstreamRequest.set(request, marks);
});
const mark =
  (name) =>
  ({ request }) => {
    const marks = byUpstreamRequest.get(request);
    if (marks !== undefined) marks[name] ??= micros();
  };
subscribe('undici:client:sendHeaders', mark('written'));
subscribe('undici:request:headers', mark('headers'));
subscribe('undici:request:trailers', mark('ended'));
subscribe('http.server.response.finish', ({ response }) => {
  const marks = byResponse.get(response);
  if (marks?.ended === undefined) return;
  marks.finished = micros();
  done.push(marks);
  if (done.length > 2 * keep) done.splice(0, done.length - keep);
});

process.on('SIGUSR2', () => {
  const last = done.slice(-keep);
  const summary = { requests: last.length, microseconds: {} };
  for (const [stage, from, to] of STAGES) {
    const took = last.map((m) => m[to] - m[from]);
    summary.microseconds[stage] = {
      p50: Math.round(percentile(took, 50)),
      p90: Math.round(percentile(took, 90)),
    };
  }
  writeFileSync(out, `${JSON.stringify(summary, null, 2)}\n`);
});
