import { proxyLocalActivities } from '@temporalio/workflow';
import type { SwitchyardActivities } from '../activities/index.js';
import { inspectionInput } from '../src/policy/inspection-input.js';
import { applyLlmClassification, llmClassificationCall } from '../src/policy/llm-classification.js';
import { allowedProviders } from '../src/policy/review-decision.js';
import { attemptEntry, classifyEntry, privacyEntry } from '../src/policy/trail-text.js';
import type { Classification, PrivacyVerdict } from '../src/policy/types.js';
import { callModelOnce } from './call-model-once.js';
import type { RouteRun } from './route-run.js';

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
 * The inspection `resolvePolicy` recorded, applied without a wait when no LLM classification call follows it (the
 * fast path's common case). Returns false, having changed nothing, when `inspectRequest` must run.
 */
export function inspectedAhead(run: RouteRun): boolean {
  return run.inspection ? appliedWithoutCall(run, run.inspection) : false;
}

/** Classifies the request and scans it for personal data (in parallel), then the optional LLM step. */
export async function inspectRequest(run: RouteRun, inspectOnce: boolean): Promise<void> {
  const { request, policy, policyHash } = run;
  const { classify: classifyInput, privacy: privacyInput } = inspectionInput(policy, policyHash, request);
  // Changed after the first release (docs/workflow-changes.md): one local activity instead of two and
  // search attributes written once, which saves ~8 ms per request. Older histories replay the old path.
  let inspected: Inspection;
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
  if (appliedWithoutCall(run, inspected)) return;
  run.privacy = inspected.privacy;
  applyInspection(run, await withLlmClassification(run, inspected.classification), inspected.privacy);
}

type Inspection = { classification: Classification; privacy: PrivacyVerdict };

/** Applies an inspection whose LLM step makes no call (none configured, or skipped); false when it must call. */
function appliedWithoutCall(run: RouteRun, inspected: Inspection): boolean {
  const { classification, privacy } = inspected;
  const call = llmClassificationCall(run.policy, classification, privacy.dataClass, run.request.messages);
  if (call !== null && !('skipped' in call)) return false;
  if (call !== null) run.note({ step: 'classify', outcome: 'llm-skipped', reason: call.skipped });
  applyInspection(run, classification, privacy);
  return true;
}

/** Sets the run's classification and privacy verdict and notes both in the trail. */
function applyInspection(run: RouteRun, classification: Classification, privacy: PrivacyVerdict): void {
  run.privacy = privacy;
  run.classification = classification;
  run.note(classifyEntry(classification));
  run.note(privacyEntry(privacy, allowedProviders(run.policy, privacy.dataClass)));
}

/** The cascade's last step: when rules and the local model are unsure, ask the policy's cheap model. */
async function withLlmClassification(run: RouteRun, classification: Classification): Promise<Classification> {
  const { policy, request } = run;
  const call = llmClassificationCall(policy, classification, run.privacy!.dataClass, request.messages);
  if (call === null || 'skipped' in call) return classification; // appliedWithoutCall took these
  const attempt = await callModelOnce(run, { ...call, modelKey: call.model, role: 'classify' });
  run.note(attemptEntry(attempt));
  return applyLlmClassification(policy, classification, attempt.ok ? (run.texts.get(attempt.n) ?? null) : null);
}
