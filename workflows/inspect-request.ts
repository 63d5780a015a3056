import { proxyLocalActivities } from '@temporalio/workflow';
import type { SwitchyardActivities } from '../activities/index.js';
import { inspectionInput } from '../src/policy/inspection-input.js';
import { applyLlmClassification, llmClassificationCall } from '../src/policy/llm-classification.js';
import { allowedProviders } from '../src/policy/review-decision.js';
import { attemptEntry, classifyEntry, privacyEntry } from '../src/policy/trail-text.js';
import type { Classification, PrivacyVerdict } from '../src/policy/types.js';
import type { RouteRun } from './route-run.js';
import { callModelOnce } from './run-ladder.js';

/** Inspection runs in-process (local activities): fast, and recorded as markers in the history. */
const {
  inspectRequest: inspectLocally,
  classifyRequest,
  checkPrivacy,
} = proxyLocalActivities<SwitchyardActivities>({
  startToCloseTimeout: '10s',
  retry: { maximumAttempts: 3, initialInterval: '100ms' },
});

/**
 * The inspection `resolvePolicy` recorded, applied without a wait when no LLM classification step follows it (the
 * fast path's common case). Returns false, having changed nothing, when `inspectRequest` must run.
 */
export function inspectedAhead(run: RouteRun): boolean {
  const inspected = run.inspection;
  if (!inspected) return false;
  const { policy, request } = run;
  const call = llmClassificationCall(policy, inspected.classification, inspected.privacy.dataClass, request.messages);
  if (call !== null && !('skipped' in call)) return false;
  run.privacy = inspected.privacy;
  run.classification = inspected.classification;
  if (call !== null) run.note({ step: 'classify', outcome: 'llm-skipped', reason: call.skipped });
  run.note(classifyEntry(run.classification));
  run.note(privacyEntry(inspected.privacy, allowedProviders(policy, inspected.privacy.dataClass)));
  return true;
}

/** Classifies the request and scans it for personal data (in parallel), then the optional LLM step. */
export async function inspectRequest(run: RouteRun, inspectOnce: boolean): Promise<void> {
  const { request, policy, policyHash } = run;
  const { classify: classifyInput, privacy: privacyInput } = inspectionInput(policy, policyHash, request);
  // Changed after the first release (docs/workflow-changes.md): one local activity instead of two and
  // search attributes written once, which saves ~8 ms per request. Older histories replay the old path.
  let inspected: { classification: Classification; privacy: PrivacyVerdict };
  if (run.inspection) {
    // A fast-path worker inspected in `resolvePolicy` (recorded with the policy): no second local activity.
    inspected = run.inspection;
  } else if (inspectOnce) {
    run.deferTags = true;
    inspected = await inspectLocally({ classify: classifyInput, privacy: privacyInput });
  } else {
    const [classification, privacy] = await Promise.all([classifyRequest(classifyInput), checkPrivacy(privacyInput)]);
    inspected = { classification, privacy };
  }
  const { classification, privacy } = inspected;
  run.privacy = privacy;
  run.classification = await withLlmClassification(run, classification);
  run.note(classifyEntry(run.classification));
  run.note(privacyEntry(privacy, allowedProviders(policy, privacy.dataClass)));
}

/** The cascade's last step: when rules and the local model are unsure, ask the policy's cheap model. */
async function withLlmClassification(run: RouteRun, classification: Classification): Promise<Classification> {
  const { policy, request } = run;
  const call = llmClassificationCall(policy, classification, run.privacy!.dataClass, request.messages);
  if (call === null) return classification;
  if ('skipped' in call) {
    run.note({ step: 'classify', outcome: 'llm-skipped', reason: call.skipped });
    return classification;
  }
  const attempt = await callModelOnce(run, { ...call, modelKey: call.model, role: 'classify' });
  run.note(attemptEntry(attempt));
  return applyLlmClassification(policy, classification, attempt.ok ? (run.texts.get(attempt.n) ?? null) : null);
}
