import type { ResolvePolicyOutput } from '../../activities/types.js';
import { roundUsd } from '../policy/cost.js';
import { allowedProviders } from '../policy/review-decision.js';
import { classifyEntry, privacyEntry } from '../policy/trail-text.js';
import type { Classification, Outcome, PrivacyVerdict, RouteResult } from '../policy/types.js';
import { SEARCH_ATTRIBUTES } from '../temporal/search-attributes.js';
import type { AuditEvent, EventOf } from './audit-events.js';
import { type AuditInput, auditInput } from './audit-input.js';
import { auditSteps } from './audit-steps.js';
import type { AuditDecisions, AuditOptions, AuditReport, AuditRequestSummary } from './audit-types.js';
import { collectAttempts } from './collect-attempts.js';
import { collectReview, reviewTimerIds } from './collect-review.js';
import { explainRoute } from './explain-route.js';
import { repeatedCallProblems } from './local-attempt.js';
import { readRecordedTrail } from './read-recorded-trail.js';

/**
 * Rebuilds the decision trail of one routing request from its decoded history. Facts come from history
 * events; the few only the workflow's result holds (route reason, final reason) are labelled `completion`.
 */
export function buildAuditReport(workflowId: string, events: AuditEvent[], options: AuditOptions = {}): AuditReport {
  const showText = options.showText ?? false;
  const started = find(events, 'started');
  const resolved = markerResult<ResolvePolicyOutput>(events, 'resolvePolicy');
  const input = auditInput(started?.input, resolved);
  const closed = find(events, 'closed');
  const result = closed?.status === 'completed' && isRouteResult(closed.result) ? closed.result : null;
  // Since `inspect-once` both checks are one local activity; older histories have one marker each; fast-path workers
  // inspect inside resolvePolicy.
  const inspectedAt = resolved?.inspection ? 'resolvePolicy' : 'inspectRequest';
  const inspection =
    resolved?.inspection ??
    markerResult<{ classification: Classification; privacy: PrivacyVerdict }>(events, 'inspectRequest');
  const classification = inspection?.classification ?? markerResult<Classification>(events, 'classifyRequest');
  const privacy = inspection?.privacy ?? markerResult<PrivacyVerdict>(events, 'checkPrivacy');
  const classifyMarker = find(events, 'marker', inspection ? inspectedAt : 'classifyRequest');
  const privacyMarker = find(events, 'marker', inspection ? inspectedAt : 'checkPrivacy');
  const searchAttributes = finalSearchAttributes(events);
  const timerIds = reviewTimerIds(events, input);
  const attempts = collectAttempts(events, timerIds, input?.policy ?? null);
  const review = collectReview(events, input, timerIds, {
    workflowId,
    dataClass: privacy?.dataClass ?? null,
    draftAvailable: attempts.some((attempt) => attempt.role === 'draft' && attempt.status === 'ok'),
    showText,
  });
  const recorded = readRecordedTrail(events, result);
  const requested = recorded?.entries.find((entry) => entry.step === 'review' && entry.outcome === 'requested');
  if (review && recorded && requested)
    Object.assign(review, { reason: requested.reason, reasonSource: recorded.source });
  const route = explainRoute(events, input, result, recorded, { classification, privacy }, searchAttributes);
  const decisions: AuditDecisions = recorded ?? {
    source: 'recomputed',
    entries: [],
    eventId: null,
    at: null,
    total: 0,
    cut: false,
  };
  const outcome = (searchAttributes[SEARCH_ATTRIBUTES.outcome.name] as Outcome | undefined) ?? result?.outcome ?? null;
  const steps = auditSteps({
    events,
    input,
    result,
    decisions,
    attempts,
    review,
    route,
    outcome,
    closed: closed ?? null,
  });
  if (classification) steps.push(at(classifyMarker, classifyEntry(classification)));
  if (privacy && input)
    steps.push(at(privacyMarker, privacyEntry(privacy, allowedProviders(input.policy, privacy.dataClass))));
  // One marker may hold the inspection and the first attempt (made ahead in resolvePolicy): inspection first.
  const rank = (step: string) => (step === 'classify' ? 0 : step === 'privacy' ? 1 : 2);
  steps.sort(
    (a, b) =>
      (a.eventId ?? Number.MAX_SAFE_INTEGER) - (b.eventId ?? Number.MAX_SAFE_INTEGER) || rank(a.step) - rank(b.step),
  );
  const ordered = steps.map(({ step, at, outcome, reason, source, eventId, detail }) => ({
    step,
    at,
    outcome,
    reason,
    source,
    ...(eventId === undefined ? {} : { eventId }),
    ...(detail === undefined ? {} : { detail }),
  }));
  const model = searchAttributes[SEARCH_ATTRIBUTES.model.name];
  return {
    workflowId,
    workflowType: started?.workflowType ?? '',
    status: closed?.status ?? 'running',
    outcome,
    policyVersion: input?.policy?.version ?? null,
    policyHash: input?.policyHash ?? null,
    startedAt: started?.at ?? '',
    closedAt: closed?.at ?? null,
    request: input ? requestSummary(input, showText) : null,
    classification: classification && {
      intent: classification.intent,
      confidence: classification.confidence,
      risk: classification.risk,
      source: classification.source,
    },
    privacy: privacy && {
      dataClass: privacy.dataClass,
      entityTypes: privacy.entityTypes,
      findings: privacy.findings.length,
    },
    route,
    decisions,
    model: typeof model === 'string' && model !== 'none' ? model : (result?.model ?? null),
    steps: ordered,
    attempts,
    review,
    costUsd: roundUsd(attempts.reduce((sum, attempt) => sum + attempt.costUsd, 0)),
    searchAttributes,
    completion: result && {
      source: 'completion',
      outcome: result.outcome,
      model: result.model,
      route: result.route,
      costUsd: result.costUsd,
      latencyMs: result.latencyMs,
      reason: result.trail.at(-1)?.reason ?? null,
      answerChars: result.answer === null ? null : result.answer.length,
      ...(showText ? { answer: result.answer } : {}),
      ...(result.shadow ? { shadow: result.shadow } : {}),
      ...(result.degradeMode ? { degradeMode: result.degradeMode } : {}),
      ...(result.partial ? { partial: true } : {}),
    },
    problems: events
      .flatMap((event) =>
        event.kind === 'task-failed'
          ? [`workflow task failed at event ${event.id} (${event.cause}): ${event.failure?.message ?? ''}`.trim()]
          : event.kind === 'task-timed-out'
            ? [`workflow task timed out at event ${event.id} (worker lost or overloaded)`]
            : [],
      )
      .concat(repeatedCallProblems(events)),
    events: events.length,
  };
}

function at(event: AuditEvent | undefined, entry: { step: string; outcome: string; reason: string }) {
  return { ...entry, at: event?.at ?? '', source: 'history' as const, ...(event ? { eventId: event.id } : {}) };
}

function find<K extends AuditEvent['kind']>(events: AuditEvent[], kind: K, activityType?: string) {
  return events.find(
    (event): event is EventOf<K> =>
      event.kind === kind &&
      (activityType === undefined || (event.kind === 'marker' && event.activityType === activityType)),
  );
}

function markerResult<T>(events: AuditEvent[], activityType: string): T | null {
  const marker = find(events, 'marker', activityType);
  return marker && marker.failure === null && marker.result ? (marker.result as T) : null;
}

function finalSearchAttributes(events: AuditEvent[]): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const event of events) if (event.kind === 'upsert') Object.assign(values, event.attributes);
  return values;
}

function requestSummary(input: AuditInput, showText: boolean): AuditRequestSummary {
  const { request } = input;
  const messages = Array.isArray(request?.messages) ? request.messages : [];
  const roles: Record<string, number> = {};
  for (const message of messages) roles[message.role] = (roles[message.role] ?? 0) + 1;
  return {
    messages: messages.length,
    chars: messages.reduce((sum, message) => sum + String(message.content ?? '').length, 0),
    roles,
    requestId: request.requestId ?? null,
    forcedRoute: request.route ?? null,
    models: request.models ?? null,
    metadata: request.metadata ?? {},
    attachments: request.attachments ?? 0,
    responseFormat: request.responseFormat !== undefined,
    ...(request.tools?.length ? { tools: request.tools.map((tool) => tool.name) } : {}),
    ...(showText
      ? {
          text: messages.map((message) => ({
            role: message.role,
            content: message.content,
            ...(message.toolCalls ? { toolCalls: message.toolCalls } : {}),
            ...(message.toolCallId ? { toolCallId: message.toolCallId } : {}),
          })),
        }
      : {}),
  };
}

function isRouteResult(value: unknown): value is RouteResult {
  const result = value as Partial<RouteResult> | null;
  return (
    typeof result === 'object' && result !== null && typeof result.outcome === 'string' && Array.isArray(result.trail)
  );
}
