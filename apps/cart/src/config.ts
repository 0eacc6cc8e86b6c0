import { parseEnv, serviceEnv } from '@cartwheel/service-kit';
import type { z } from 'zod';

export const CartEnv = serviceEnv(3002);
export type CartConfig = z.output<typeof CartEnv>;

export function readConfig(env: NodeJS.ProcessEnv = process.env): CartConfig {
  return parseEnv(CartEnv, env);
}
