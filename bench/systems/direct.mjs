/** Row 1: no proxy at all, the load goes straight to the first upstream (the limit). */
export function directSystem(upstreams) {
  const target = upstreams.instances[0];
  return {
    url: target.url,
    pids: [target.pid],
    // The upstreams outlive this row; they are stopped after row 5.
    stop: () => Promise.resolve(),
  };
}
