import { describe, expect, it } from 'vitest';
import { buildAuditReport } from '../../../src/audit/build-audit.js';
import { formatAudit } from '../../../src/audit/format-audit.js';
import { fixtureEvents } from './fixtures.js';

describe('audit of a request decided beside a shadow policy', () => {
  it('shows the shadow decision from the completion, apart from what ran', async () => {
    const report = buildAuditReport('shadow-policy-faq', await fixtureEvents('shadow-policy-faq'), {});
    expect(report).toMatchObject({ outcome: 'answered', model: 'fast', route: { name: 'faq' }, problems: [] });
    expect(report.completion?.shadow).toMatchObject({
      policyVersion: 'shadow-candidate-1',
      route: 'faq',
      model: 'premium',
      review: false,
    });
    expect(report.attempts.map((attempt) => attempt.model)).toEqual(['fast']);
    expect(formatAudit(report)).toContain('shadow-candidate-1: faq → premium (not called)');
  });
});
