import { decideRoute } from '../policy/decide-route.js';
import type { Classification, PrivacyVerdict, RouteResult } from '../policy/types.js';
import { SEARCH_ATTRIBUTES } from '../temporal/search-attributes.js';
import type { AuditEvent } from './audit-events.js';
import type { AuditInput } from './audit-input.js';
import type { AuditDecisions, AuditReport } from './audit-types.js';

/**
 * The route and why. The name is in history (the SwitchyardRoute upsert); the reason comes from the trail the
 * workflow recorded (its memo upserts while running, its result once completed), or — for older requests still
 * running, or when nothing usable was recorded — is recomputed from the recorded policy, request and
 * inspection results with today's pure route decision.
 */
export function explainRoute(
  events: AuditEvent[],
  input: AuditInput | null,
  result: RouteResult | null,
  recorded: AuditDecisions | null,
  inspection: { classification: Classification | null; privacy: PrivacyVerdict | null },
  searchAttributes: Record<string, unknown>,
): AuditReport['route'] {
  const { classification, privacy } = inspection;
  const routeKey = SEARCH_ATTRIBUTES.route.name;
  const upsert = events.find((event) => event.kind === 'upsert' && typeof event.attributes[routeKey] === 'string');
  const recordedEntry = recorded?.entries.find((entry) => entry.step === 'route');
  const recomputed =
    !recordedEntry && input && classification && privacy ? recompute(input, classification, privacy) : null;
  const name =
    (searchAttributes[routeKey] as string | undefined) ??
    result?.route ??
    recordedEntry?.outcome ??
    (recomputed?.ok ? recomputed.name : null);
  if (!name) return null;
  const base = { name, eventId: upsert?.id ?? null, at: upsert?.at ?? null };
  if (recordedEntry && recorded?.source !== 'recomputed')
    return { ...base, reason: recordedEntry.reason, reasonSource: recorded?.source ?? null };
  if (recomputed) return { ...base, reason: recomputed.reason, reasonSource: 'recomputed' };
  return { ...base, reason: null, reasonSource: null };
}

function recompute(
  input: AuditInput,
  classification: Classification,
  privacy: PrivacyVerdict,
): { ok: boolean; name: string | null; reason: string } | null {
  try {
    const decision = decideRoute(input.policy, input.request, {
      classification,
      dataClass: privacy.dataClass,
      metadata: input.request.metadata ?? {},
      // A recorded locale was matched on (locale-segments) wherever a route names one: no older policy could.
      ...(classification.locale !== undefined ? { locale: classification.locale } : {}),
    });
    if (decision.kind === 'reject') return { ok: false, name: null, reason: decision.reason };
    const { plan } = decision;
    const candidates = plan.candidates.map((candidate) => candidate.model).join(' → ') || 'none';
    const excluded = plan.excluded.map((item) => `${item.model}: ${item.reason}`).join('; ');
    return {
      ok: true,
      name: plan.route,
      reason: `${plan.reason}; candidates ${candidates}${excluded ? `; excluded ${excluded}` : ''}`,
    };
  } catch {
    // A policy recorded by an older version may not fit today's code: the history facts still stand.
    return null;
  }
}
