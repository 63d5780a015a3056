import { describe, expect, it } from 'vitest';
import { finishKindOf } from '../../../src/providers/finish-kind.js';

describe('finishKindOf', () => {
  it('reads tool calls as tool-calls whatever the provider said, except a cut or a refusal', () => {
    expect(finishKindOf('tool-calls', true)).toBe('tool-calls');
    expect(finishKindOf('stop', true)).toBe('tool-calls');
    expect(finishKindOf('tool-calls', false)).toBe('stop');
    expect(finishKindOf('other', false)).toBe('stop');
    expect(finishKindOf('length', true)).toBe('length');
    expect(finishKindOf('content-filter', false)).toBe('content-filter');
  });
});
