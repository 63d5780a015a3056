import type { InspectRequestInput } from '../../activities/types.js';
import { classifierSourceOf } from './classifier-source.js';
import type { Policy } from './schema.js';
import type { RouteRequest } from './types.js';

/**
 * What the inspection (classification + privacy scan) of a request reads from its policy: built in one place for the
 * workflow's `inspectRequest` local activity and for `resolvePolicy`, which inspects at once on fast-path workers.
 * The access rules narrow route, models and metadata, never messages or attachments, so either side may build it.
 */
export function inspectionInput(
  policy: Policy,
  policyHash: string,
  request: Pick<RouteRequest, 'messages' | 'attachments'>,
): InspectRequestInput {
  return {
    classify: {
      messages: request.messages,
      attachments: request.attachments ?? 0,
      intents: policy.intents,
      classifier: classifierSourceOf(policy),
      unknownThreshold: policy.classifier.unknownThreshold ?? null,
      policyHash,
      ...(policy.classifier.router ? { router: policy.classifier.router } : {}),
    },
    privacy: { messages: request.messages, rules: policy.privacy },
  };
}
