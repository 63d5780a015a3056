import { describe, expect, it } from 'vitest';
import { parseBehaviour } from '../../../src/fake-provider/behaviours.js';

/** The fake plays a verifier's judge (`judge:score=s`) and reports token logprobs (`confidence=p`). */
describe('judge and confidence parameters', () => {
  it('judge takes a score 0..1, default 1', () => {
    const judge = parseBehaviour('judge:score=0.4');
    expect(judge.success && judge.spec).toMatchObject({ name: 'judge', params: { score: 0.4 } });
    const plain = parseBehaviour('judge');
    expect(plain.success && plain.spec.params.score).toBe(1);
    expect(parseBehaviour('judge:score=2')).toMatchObject({ success: false, reason: 'bad-parameter' });
    const sampled = parseBehaviour('judge:pass=0.5');
    expect(sampled.success && sampled.spec.params.pass).toBe(0.5);
    expect(plain.success && plain.spec.params.pass).toBeNull();
  });

  it('confidence is a probability in (0, 1], default 1', () => {
    const ok = parseBehaviour('ok:confidence=0.2');
    expect(ok.success && ok.spec.params.confidence).toBe(0.2);
    expect(parseBehaviour('ok:confidence=0')).toMatchObject({ success: false });
    expect(parseBehaviour('ok:confidence=1.5')).toMatchObject({ success: false });
  });
});
