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
  type CircuitReport,
  type CircuitSnapshot,
  type CircuitWorkflowInput,
  circuitReportSignal,
  circuitStateQuery,
  MAX_TRANSITIONS,
} from './circuit-messages.js';
import { circuitSink } from './sinks.js';

/** Reports a run takes before it continues as new (keeps each history short). */
const REPORTS_PER_RUN = 1000;
/** Bounds on one report, so no sender can push the entity past payload limits. */
const MAX_MODELS = 100;
const MAX_EVENTS = 2000;
const MAX_NAME = 300;
const KINDS: ReadonlySet<string> = new Set<CircuitEventKind>(['success', 'failure', 'format', 'quota']);

/**
 * The shared health of one provider endpoint (docs/circuit-breaker.md): one long-lived workflow per endpoint and
 * task queue, fed attempt outcomes by every worker (Signal `circuitReport`, sent with signal-with-start) and
 * asked for its state (Query `circuitState`). Decisions come from src/policy/circuit-breaker.ts with the
 * workflow's clock; it continues as new every `REPORTS_PER_RUN` reports or when Temporal suggests it.
 */
export async function circuitWorkflow(input: CircuitWorkflowInput): Promise<void> {
  let circuits: Record<string, Circuit> = { ...input.circuits };
  let transitions: CircuitTransition[] = [...(input.transitions ?? [])];
  let invalidReports = input.invalidReports ?? 0;
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
  });

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
    };
  });

  await condition(() => reports >= REPORTS_PER_RUN || workflowInfo().continueAsNewSuggested);
  await condition(allHandlersFinished);
  await continueAsNew<typeof circuitWorkflow>({ provider: input.provider, circuits, transitions, invalidReports });
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
