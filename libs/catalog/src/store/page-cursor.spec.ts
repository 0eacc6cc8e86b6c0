import { decodeCursor, encodeCursor } from './page-cursor';

const b64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64url');

describe('page cursor', () => {
  it.each(['a', '7', 'chef-knife-8in', 'a'.repeat(64), 'x-1-y'])('round-trips %s', (id) => {
    const cursor = encodeCursor(id);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(cursor).not.toContain(id);
    expect(decodeCursor(cursor)).toBe(id);
  });

  it.each<[string, string]>([
    ['empty', ''],
    ['not base64url', 'not a cursor!'],
    ['base64 padding', `${b64('{"after":"ab"}')}==`],
    ['standard base64 alphabet', Buffer.from('{"after":"a?>"}').toString('base64')],
    ['base64url but not JSON', b64('after=chef-knife')],
    ['invalid UTF-8 bytes', Buffer.from([0xff, 0xfe, 0xfd]).toString('base64url')],
    ['JSON null', b64('null')],
    ['JSON number', b64('42')],
    ['JSON string', b64('"chef-knife-8in"')],
    ['JSON array', b64('["chef-knife-8in"]')],
    ['empty object', b64('{}')],
    ['other key', b64('{"before":"chef-knife-8in"}')],
    ['after is a number', b64('{"after":42}')],
    ['after is null', b64('{"after":null}')],
    ['after is an object', b64('{"after":{"id":"a"}}')],
    ['after is empty', b64('{"after":""}')],
    ['after is upper case', b64('{"after":"Chef-Knife"}')],
    ['after is a path trick', b64('{"after":"../etc/passwd"}')],
    ['after starts with a hyphen', b64('{"after":"-knife"}')],
    ['after is 65 characters', b64(JSON.stringify({ after: 'a'.repeat(65) }))],
    ['after hides in __proto__', b64('{"__proto__":{"after":"chef-knife-8in"}}')],
    ['truncated JSON', encodeCursor('chef-knife-8in').slice(0, -3)],
  ])('rejects a bad cursor: %s', (_name, cursor) => {
    expect(decodeCursor(cursor)).toBeUndefined();
  });
});
