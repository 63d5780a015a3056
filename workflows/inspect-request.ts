import { proxyLocalActivities } from '@temporalio/workflow';
import type { SwitchyardActivities } from '../activities/index.js';
import { classifierSourceOf } from '../src/policy/classifier-source.js';
import { applyLlmClassification, llmClassificationCall } from '../src/policy/llm-classification.js';
import { allowedProviders } from '../src/policy/review-decision.js';
import { attemptEntry, classifyEntry, privacyEntry } from '../src/policy/trail-text.js';
import type { Classification } from '../src/policy/types.js';
import type { RouteRun } from './route-run.js';
import { callModelOnce } from './run-ladder.js';

/** Inspection runs in-process (local activities): fast, and recorded as markers in the history. */
const { classifyRequest, checkPrivacy } = proxyLocalActivities<SwitchyardActivities>({
  startToCloseTimeout: '10s',
  retry: { maximumAttempts: 3, initialInterval: '100ms' },
});

/** Classifies the request and scans it for personal data (in parallel), then the optional LLM step. */
export async function inspectRequest(run: RouteRun): Promise<void> {
  const { request, policy, policyHash } = run.input;
  const [classification, privacy] = await Promise.all([
    classifyRequest({
      messages: request.messages,
      attachments: request.attachments ?? 0,
      intents: policy.intents,
      classifier: classifierSourceOf(policy),
      unknownThreshold: policy.classifier.unknownThreshold ?? null,
      policyHash,
    }),
    checkPrivacy({ messages: request.messages, rules: policy.privacy }),
  ]);
  run.privacy = privacy;
  run.classification = await withLlmClassification(run, classification);
  run.note(classifyEntry(run.classification));
  run.note(privacyEntry(privacy, allowedProviders(policy, privacy.dataClass)));
}

/** The cascade's last step: when rules and the local model are unsure, ask the policy's cheap model. */
async function withLlmClassification(run: RouteRun, classification: Classification): Promise<Classification> {
  const { policy, request } = run.input;
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
