import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateCodecKey, loadCodecKeys, parseCodecKeys, readCodecKeyFile } from '../../../src/codec/keys.js';

const K1 = Buffer.alloc(32, 1).toString('base64');
const K2 = Buffer.alloc(32, 2).toString('base64');

describe('codec keys', () => {
  it('parses id:base64 pairs, newest first', () => {
    const keys = parseCodecKeys(` k2:${K2} , k1:${K1} `);
    expect(keys.map((key) => key.id)).toEqual(['k2', 'k1']);
    expect(keys[0]!.key).toEqual(Buffer.alloc(32, 2));
  });

  it('names the entry that is wrong', () => {
    expect(() => parseCodecKeys(`k2:${K2},k1`)).toThrow('SWITCHYARD_CODEC_KEYS entry 2: expected id:base64key');
    expect(() => parseCodecKeys(`k1:${Buffer.alloc(16).toString('base64')}`)).toThrow(
      'SWITCHYARD_CODEC_KEYS entry 1 ("k1"): key must be 32 bytes in base64 (got 16 bytes)',
    );
    expect(() => parseCodecKeys(`k1:${K1},k1:${K2}`)).toThrow('entry 2 ("k1"): duplicate key id');
    expect(() => parseCodecKeys(`bad id:${K1}`)).toThrow('key id must be');
    expect(() => parseCodecKeys('k1:not base64!!')).toThrow('must be 32 bytes');
    expect(() => parseCodecKeys(' , ')).toThrow('no keys');
  });

  it('reads a key file', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'codec-keys-')), 'keys.json');
    writeFileSync(
      file,
      JSON.stringify({
        keys: [
          { id: 'k2', key: K2 },
          { id: 'k1', key: K1 },
        ],
      }),
    );
    expect(readCodecKeyFile(file).map((key) => key.id)).toEqual(['k2', 'k1']);
    writeFileSync(file, JSON.stringify({ keys: [{ id: 'k2' }] }));
    expect(() => readCodecKeyFile(file)).toThrow('keys[0] needs string "id" and "key"');
    writeFileSync(file, '{');
    expect(() => readCodecKeyFile(file)).toThrow(`codec key file ${file}`);
  });

  it('loads keys from the environment, or null when none are configured', () => {
    expect(loadCodecKeys({})).toBeNull();
    expect(loadCodecKeys({ SWITCHYARD_CODEC_KEYS: `k1:${K1}` })?.map((key) => key.id)).toEqual(['k1']);
    expect(() => loadCodecKeys({ SWITCHYARD_CODEC_KEYS: `k1:${K1}`, SWITCHYARD_CODEC_KEY_FILE: '/x.json' })).toThrow(
      'not both',
    );
  });

  it('generates 32 random bytes', () => {
    const a = generateCodecKey();
    expect(Buffer.from(a, 'base64')).toHaveLength(32);
    expect(a).not.toBe(generateCodecKey());
    expect(parseCodecKeys(`new:${a}`)[0]!.id).toBe('new');
  });
});
