import { allHandlersFinished, condition, continueAsNew, log, setHandler, workflowInfo } from '@temporalio/workflow';
import {
  applyEvent,
  type Circuit,
  type CircuitEventKind,
  type CircuitTransition,
  phaseAt,
  windowCounts,
} from '../src/policy/circuit-breaker.js';
import { type CircuitSettings, DEFAULT_CIRCUIT_SETTINGS } from '../src/policy/circuit-defaults.js';
import {
  claimProbe,
  liveClaims,
  type ProbeClaim,
  type ProbeClaimRequest,
  releaseClaims,
} from '../src/policy/circuit-probes.js';
import {
  type CircuitReport,
  type CircuitSnapshot,
  type CircuitWorkflowInput,
  circuitReportSignal,
  circuitStateQuery,
  claimProbeUpdate,
  MAX_TRANSITIONS,
} from './circuit-messages.js';
import { circuitSink } from './sinks.js';

/** Reports and probe claims a run takes before it continues as new (keeps each history short). */
const REPORTS_PER_RUN = 1000;
/** Longest a probe claim may hold, ms. */
const MAX_CLAIM_MS = 600_000;
/** Bounds on one report, so no sender can push the entity past payload limits. */
const MAX_MODELS = 100;
const MAX_EVENTS = 2000;
const MAX_NAME = 300;
const KINDS: ReadonlySet<string> = new Set<CircuitEventKind>(['success', 'failure', 'format', 'quota']);

/**
 * The shared health of one provider endpoint (docs/circuit-breaker.md): one long-lived workflow per endpoint and
 * task queue, fed attempt outcomes by every worker (Signal `circuitReport`, sent with signal-with-start), asked
 * for its state (Query `circuitState`) and for half-open probe slots (Update `claimProbe`, answered at once).
 * Decisions come from src/policy/circuit-breaker.ts and circuit-probes.ts with the workflow's clock; it continues
 * as new every `REPORTS_PER_RUN` reports and claims, or when Temporal suggests it.
 */
export async function circuitWorkflow(input: CircuitWorkflowInput): Promise<void> {
  let circuits: Record<string, Circuit> = { ...input.circuits };
  let transitions: CircuitTransition[] = [...(input.transitions ?? [])];
  let invalidReports = input.invalidReports ?? 0;
  let probeClaims: ProbeClaim[] = [...(input.probeClaims ?? [])];
  const settings: Record<string, CircuitSettings> = {};
  let reports = 0;

  setHandler(circuitReportSignal, (report: CircuitReport) => {
    reports += 1;
    if (!validReport(report)) {
      invalidReports += 1;
      return;
    }
    const nowMs = Date.now();
    for (const batch of report.models) {
      const modelSettings = { ...DEFAULT_CIRCUIT_SETTINGS, ...batch.settings };
      settings[batch.model] = modelSettings;
      for (const event of batch.events) {
        const applied = applyEvent(circuits, { ...event, model: batch.model }, modelSettings, nowMs);
        circuits = applied.circuits;
        for (const transition of applied.transitions) {
          log.info('circuit transition', { provider: input.provider, ...transition });
          circuitSink.transition({ provider: input.provider, ...transition });
        }
        if (applied.transitions.length > 0)
          transitions = [...transitions, ...applied.transitions].slice(-MAX_TRANSITIONS);
      }
    }
    if (report.released) probeClaims = releaseClaims(probeClaims, report.released);
  });

  // Synchronous (no await), so claims are decided one at a time against the state at hand: the limit is exact.
  setHandler(
    claimProbeUpdate,
    (request: ProbeClaimRequest) => {
      reports += 1;
      const claimed = claimProbe(circuits, probeClaims, request, Date.now());
      probeClaims = claimed.claims;
      return claimed.verdict;
    },
    { validator: validateClaimRequest },
  );

  setHandler(circuitStateQuery, (): CircuitSnapshot => {
    const atMs = Date.now();
    return {
      provider: input.provider,
      atMs,
      circuits: Object.entries(circuits).map(([key, circuit]) => ({
        ...circuit,
        key,
        phaseNow: phaseAt(circuit, atMs),
        window: windowCounts(circuit, settingsOf(settings, key).windowMs, atMs),
      })),
      transitions,
      settings,
      invalidReports,
      probeClaims: liveClaims(circuits, probeClaims, atMs),
    };
  });

  await condition(() => reports >= REPORTS_PER_RUN || workflowInfo().continueAsNewSuggested);
  await condition(allHandlersFinished);
  const live = liveClaims(circuits, probeClaims, Date.now());
  await continueAsNew<typeof circuitWorkflow>({
    provider: input.provider,
    circuits,
    transitions,
    invalidReports,
    // Only when there are some, so runs from before probe claims continue with the same input.
    ...(live.length > 0 ? { probeClaims: live } : {}),
  });
}

function settingsOf(settings: Record<string, CircuitSettings>, key: string): CircuitSettings {
  const model = key.startsWith('model:')
    ? key.slice(6)
    : key.startsWith('format:')
      ? key.slice(7, key.lastIndexOf(':'))
      : undefined;
  return (model !== undefined ? settings[model] : undefined) ?? DEFAULT_CIRCUIT_SETTINGS;
}

/** Shape and size checks on a report (Signals cannot be rejected, so bad ones are counted and dropped). */
function validReport(report: unknown): report is CircuitReport {
  const models = (report as CircuitReport | null)?.models;
  if (!Array.isArray(models) || models.length > MAX_MODELS) return false;
  const released = (report as CircuitReport).released;
  if (released !== undefined && !(Array.isArray(released) && released.length <= MAX_EVENTS && released.every(isName)))
    return false;
  return models.every(
    (batch) =>
      typeof batch?.model === 'string' &&
      batch.model.length <= MAX_NAME &&
      typeof batch.settings === 'object' &&
      batch.settings !== null &&
      Object.values(batch.settings).every((value) => value === null || ['number', 'boolean'].includes(typeof value)) &&
      Array.isArray(batch.events) &&
      batch.events.length <= MAX_EVENTS &&
      batch.events.every(
        (event) =>
          KINDS.has(event?.kind) &&
          (event.route === null || (typeof event.route === 'string' && event.route.length <= MAX_NAME)) &&
          (event.errorType === null || (typeof event.errorType === 'string' && event.errorType.length <= MAX_NAME)) &&
          typeof event.latencyMs === 'number' &&
          (event.untilMs === null || typeof event.untilMs === 'number'),
      ),
  );
}

/** Rejects a malformed claim (a rejected Update leaves no trace in the history). */
function validateClaimRequest(request: ProbeClaimRequest): void {
  const valid =
    isName(request?.id) &&
    isName(request.model) &&
    (request.route === null || isName(request.route)) &&
    Number.isInteger(request.halfOpenProbes) &&
    request.halfOpenProbes >= 1 &&
    request.halfOpenProbes <= 100 &&
    typeof request.ttlMs === 'number' &&
    request.ttlMs > 0 &&
    request.ttlMs <= MAX_CLAIM_MS;
  if (!valid) throw new Error('malformed probe claim');
}

const isName = (value: unknown): value is string => typeof value === 'string' && value.length <= MAX_NAME;
