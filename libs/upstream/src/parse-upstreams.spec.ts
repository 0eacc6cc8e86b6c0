import { InvalidUpstreamsError } from './errors';
import { parseUpstreams, tryParseUpstreams } from './parse-upstreams';
import { UpstreamList } from './upstream-list-schema';

const summary = (raw: string) =>
  parseUpstreams(raw).map(({ id, url, weight }) => ({ id, url: url.href, weight }));

describe('parseUpstreams', () => {
  it.each([
    [
      'http://127.0.0.1:3011;weight=3,http://127.0.0.1:3012;weight=1',
      [
        { id: 'http://127.0.0.1:3011', url: 'http://127.0.0.1:3011/', weight: 3 },
        { id: 'http://127.0.0.1:3012', url: 'http://127.0.0.1:3012/', weight: 1 },
      ],
    ],
    [
      'http://catalog:3011',
      [{ id: 'http://catalog:3011', url: 'http://catalog:3011/', weight: 1 }],
    ],
    [
      ' https://a.internal/api/ ; weight=100 , http://[::1]:8080 ',
      [
        { id: 'https://a.internal/api', url: 'https://a.internal/api/', weight: 100 },
        { id: 'http://[::1]:8080', url: 'http://[::1]:8080/', weight: 1 },
      ],
    ],
  ])('accepts %p', (raw, expected) => {
    expect(summary(raw)).toEqual(expected);
  });

  it.each([
    ['', 'no upstream instances given'],
    ['   ', 'no upstream instances given'],
    ['http://a:1,,http://b:2', 'entry 2 is empty'],
    ['http://a:1,', 'entry 2 is empty'],
    ['127.0.0.1:3011', 'entry 1 ("127.0.0.1:3011") is not an absolute URL'],
    ['not a url', 'entry 1 ("not a url") is not an absolute URL'],
    ['ftp://a:21', 'entry 1 must use http or https, not ftp'],
    ['http://user:secret@a:1', 'entry 1 must not contain credentials'],
    ['http://a:1/?x=1', 'entry 1 (a:1) must not have a query or fragment'],
    ['http://a:1/#top', 'entry 1 (a:1) must not have a query or fragment'],
    ['http://a:1/?', 'entry 1 (a:1) must not have a query or fragment'],
    ['http://a:1;weight=0', 'entry 1 weight must be an integer 1..100, got "0"'],
    ['http://a:1;weight=101', 'entry 1 weight must be an integer 1..100, got "101"'],
    ['http://a:1;weight=1.5', 'entry 1 weight must be an integer 1..100, got "1.5"'],
    ['http://a:1;weight=', 'entry 1 weight must be an integer 1..100, got ""'],
    ['http://a:1;weight=07', 'entry 1 weight must be an integer 1..100, got "07"'],
    ['http://a:1;weight=2;weight=3', 'entry 1 gives weight twice'],
    ['http://a:1;wieght=2', 'entry 1 has an unknown option "wieght=2"; only weight=N is allowed'],
    ['http://a:1;', 'entry 1 has an unknown option ""; only weight=N is allowed'],
    ['http://a:1,http://a:1/', 'entry 2 repeats http://a:1'],
  ])('rejects %p: %s', (raw, problem) => {
    expect(tryParseUpstreams(raw)).toEqual({ ok: false, problem });
    expect(() => parseUpstreams(raw)).toThrow(InvalidUpstreamsError);
    expect(() => parseUpstreams(raw)).toThrow(`invalid upstream list: ${problem}`);
  });

  it('never echoes credentials in its error', () => {
    const result = tryParseUpstreams('http://a:1,http://admin:hunter2@b:2');
    expect(result.ok).toBe(false);
    expect(JSON.stringify(result)).not.toContain('hunter2');
  });
});

describe('UpstreamList (zod)', () => {
  it('parses a good list into instance specs', () => {
    const parsed = UpstreamList.parse('http://127.0.0.1:3011;weight=3');
    expect(parsed.map(({ id, weight }) => ({ id, weight }))).toEqual([
      { id: 'http://127.0.0.1:3011', weight: 3 },
    ]);
  });

  it('reports the same problem as a zod issue', () => {
    const result = UpstreamList.safeParse('ftp://a:21');
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.message)).toEqual([
      'entry 1 must use http or https, not ftp',
    ]);
  });
});
