import { describe, expect, it } from 'vitest';
import { encodeCommand, parseRedisUrl, parseReply } from '../../../src/cache/resp-client.js';

describe('RESP client', () => {
  it('encodes a command as an array of bulk strings (byte lengths)', () => {
    expect(encodeCommand(['SET', 'k', 'é', 'PX', 1000]).toString()).toBe(
      '*5\r\n$3\r\nSET\r\n$1\r\nk\r\n$2\r\né\r\n$2\r\nPX\r\n$4\r\n1000\r\n',
    );
  });

  it('parses each reply type and waits for incomplete ones', () => {
    const parse = (text: string) => parseReply(Buffer.from(text), 0);
    expect(parse('+OK\r\n')).toEqual({ value: 'OK', next: 5 });
    expect(parse(':42\r\n')?.value).toBe(42);
    expect(parse('$-1\r\n')?.value).toBeNull();
    expect(parse('$5\r\nhello\r\n')?.value).toBe('hello');
    expect(parse('*2\r\n$1\r\na\r\n:1\r\n')?.value).toEqual(['a', 1]);
    expect(parse('-ERR wrong\r\n')?.value).toEqual(new Error('ERR wrong'));
    expect(parse('$5\r\nhel')).toBeNull();
    expect(parse('*2\r\n$1\r\na\r\n')).toBeNull();
    expect(() => parse('?x\r\n')).toThrow(/unexpected RESP type/);
  });

  it('reads host, port, password and database from a redis: URL', () => {
    expect(parseRedisUrl('redis://:s%40cret@cache.internal:6380/2')).toEqual({
      host: 'cache.internal',
      port: 6380,
      password: 's@cret',
      db: 2,
    });
    expect(parseRedisUrl('redis://127.0.0.1')).toEqual({ host: '127.0.0.1', port: 6379, password: null, db: 0 });
    expect(() => parseRedisUrl('http://x')).toThrow(/not a redis/);
  });
});
