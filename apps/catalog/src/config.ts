import { parseEnv, serviceEnv } from '@cartwheel/service-kit';
import { z } from 'zod';

export const CatalogEnv = serviceEnv(3001).extend({
  /** Enables admin writes; unset means they answer 403. Long enough not to be guessed. */
  CATALOG_ADMIN_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
});
export type CatalogConfig = z.output<typeof CatalogEnv>;

export function readConfig(env: NodeJS.ProcessEnv = process.env): CatalogConfig {
  return parseEnv(CatalogEnv, env);
}
