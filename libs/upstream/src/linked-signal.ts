/**
 * One signal that aborts when either of two does, with listeners removed by `dispose()`.
 *
 * Not `AbortSignal.any`: it registers a WeakRef and a finalizer per call on each source, and
 * under load those outlived the requests (measured: tens of thousands of WeakRefs retained after
 * a 10 s run, the gateway's heap growing with them).
 */
export function linkSignals(
  a: AbortSignal,
  b: AbortSignal,
): { signal: AbortSignal; dispose(): void } {
  if (a.aborted) return { signal: a, dispose: () => undefined };
  if (b.aborted) return { signal: b, dispose: () => undefined };
  const controller = new AbortController();
  const fromA = () => controller.abort(a.reason);
  const fromB = () => controller.abort(b.reason);
  a.addEventListener('abort', fromA, { once: true });
  b.addEventListener('abort', fromB, { once: true });
  return {
    signal: controller.signal,
    dispose: () => {
      a.removeEventListener('abort', fromA);
      b.removeEventListener('abort', fromB);
    },
  };
}
