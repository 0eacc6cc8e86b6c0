/**
 * Polls `condition` every 5 ms until it holds, and fails after `timeoutMs` saying what it waited
 * for. Bounded, so a behaviour that never comes fails its test instead of polling past its end.
 */
export async function waitUntil(
  condition: () => boolean,
  what: string,
  timeoutMs = 5_000,
): Promise<void> {
  const until = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > until) throw new Error(`timed out after ${timeoutMs} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
