import { describe, expect, it } from 'vitest';
import { FeedbackError, feedbackTarget } from '../../../src/feedback/record-feedback.js';

describe('feedbackTarget', () => {
  it('maps request ids as RouterClient does, and takes workflow and completion ids as they are', () => {
    expect(feedbackTarget('order-1')).toEqual({ workflowId: 'route-order-1', requestId: 'order-1' });
    expect(feedbackTarget('order-1', 'Billing')).toEqual({ workflowId: 'route-billing/order-1', requestId: 'order-1' });
    expect(feedbackTarget('route-billing/order-1', 'billing')).toEqual({
      workflowId: 'route-billing/order-1',
      requestId: 'order-1',
    });
    expect(feedbackTarget(' chatcmpl-route-abc ')).toEqual({ workflowId: 'route-abc', requestId: 'abc' });
    // Without verified callers any request may be named, a caller-scoped one included.
    expect(feedbackTarget('route-billing/order-1').workflowId).toBe('route-billing/order-1');
  });

  it("refuses another caller's workflow as not found, and empty or overlong ids as invalid", () => {
    for (const id of ['route-support/order-1', 'route-order-1', 'chatcmpl-route-support/x']) {
      expect(() => feedbackTarget(id, 'billing')).toThrow(
        expect.objectContaining({ code: 'not-found', field: 'request_id' }),
      );
    }
    expect(() => feedbackTarget('  ')).toThrow(FeedbackError);
    expect(() => feedbackTarget('x'.repeat(401))).toThrow(expect.objectContaining({ code: 'invalid' }));
  });
});
