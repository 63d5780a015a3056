import { lintSource } from '@secretlint/core';
import { creator as recommended } from '@secretlint/secretlint-rule-preset-recommend';
import { describe, expect, it } from 'vitest';
import { detectSecret } from '../../../src/privacy/detect-secret.js';

const found = (text: string) => detectSecret(text).map((f) => text.slice(f.start, f.end));
// Fake credentials in each published format (generated for this test; none is real).
const alnum = (n: number, seed = 7) =>
  Array.from({ length: n }, (_, i) => 'aB3dE5fG7hJ9kL1mN2pQ4rS6tU8vW0xYz'[(i * seed + 3) % 33]).join('');
const SAMPLES = [
  `AKIA${alnum(16)
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, 'Q')}`,
  `ghp_${alnum(36)}`,
  `npm_${alnum(36)}`,
  `xoxb-1234567890-${alnum(24)}`,
  `sk-ant-api03-${alnum(93)}AA`,
  `sk-proj-${alnum(74)}T3BlbkFJ${alnum(74)}`,
  `lin_api_${alnum(40)}`,
  `SG.${alnum(22)}.${alnum(43)}`,
  `shpat_${alnum(32)}`,
  `postgres://admin:${alnum(12)}@db.example.com:5432/app`,
];

describe('detectSecret', () => {
  it.each(SAMPLES)('finds %s', (secret) => {
    const spans = found(`here you go: ${secret} thanks`);
    expect(
      spans.some((s) => secret.includes(s) && s.length >= Math.min(secret.length, 20)),
      spans.join(),
    ).toBe(true);
  });
  it('finds truncated keys and machine-made values after a credential cue', () => {
    expect(found('my api key is sk-abc…')).toEqual(['sk-abc']);
    expect(found('password: hunter2!x')).toEqual(['hunter2!x']);
    expect(found('token=Zx81kQ0pLm')).toEqual(['Zx81kQ0pLm']);
  });
  it('leaves plain words and questions about credentials alone', () => {
    expect(found('I forgot my password, how do I reset it?')).toEqual([]);
    expect(found('my password is incorrect')).toEqual([]);
    expect(found('what is an api key?')).toEqual([]);
    expect(found('ask about tokens and sk- prefixes')).toEqual([]);
  });
  it('agrees with secretlint itself on the formats secretlint covers', async () => {
    let flaggedBySecretlint = 0;
    for (const secret of SAMPLES) {
      const content = `config: ${secret}\n`;
      const result = await lintSource({
        source: { filePath: '/virtual/prompt.txt', content, ext: '.txt', contentType: 'text' },
        options: { config: { rules: [{ id: '@secretlint/secretlint-rule-preset-recommend', rule: recommended }] } },
      });
      const ours = detectSecret(content).length > 0;
      const theirs = result.messages.length > 0;
      if (theirs) expect(ours, secret).toBe(true);
      if (theirs) flaggedBySecretlint++;
    }
    expect(flaggedBySecretlint).toBeGreaterThanOrEqual(5);
  });
});
