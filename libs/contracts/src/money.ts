import { z } from 'zod';

/** Integer minor units (cents for USD) so that sums are exact. */
export const Money = z.strictObject({
  amount: z.number().int().min(0).max(100_000_000),
  currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as USD'),
});
export type Money = z.infer<typeof Money>;
