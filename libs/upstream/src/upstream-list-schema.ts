import { z } from 'zod';
import { tryParseUpstreams } from './parse-upstreams';

/**
 * The zod form of `parseUpstreams`, for an app's config schema (parsed once at boot).
 *
 * @example
 * const Config = z.object({ CATALOG_UPSTREAMS: UpstreamList });
 */
export const UpstreamList = z.string().transform((raw, ctx) => {
  const result = tryParseUpstreams(raw);
  if (result.ok) return result.value;
  ctx.addIssue({ code: 'custom', message: result.problem, input: raw });
  return z.NEVER;
});
