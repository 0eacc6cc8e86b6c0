/**
 * What an operator reads as the reason an instance lost traffic: the error's own message
 * (`http://catalog-1:3000: EAI_AGAIN`, `upstream answered with status 503`, ...).
 */
export function failureReason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
