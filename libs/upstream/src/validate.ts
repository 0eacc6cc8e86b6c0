/**
 * Option checks shared by every policy: bad options fail at construction with a RangeError that
 * names the option, its allowed range and the value received, never later at the first request.
 */
export function requireInteger(name: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`${name} must be an integer between ${min} and ${max}, got ${value}`);
  }
  return value;
}

export function requireNumber(name: string, value: number, min: number, max: number): number {
  if (!Number.isFinite(value) || value < min || value > max) {
    throw new RangeError(`${name} must be a number between ${min} and ${max}, got ${value}`);
  }
  return value;
}

export function requireBoolean(name: string, value: boolean): boolean {
  if (typeof value !== 'boolean') {
    throw new RangeError(`${name} must be true or false, got ${String(value)}`);
  }
  return value;
}
