import { ACCOUNT_KEY, type Circuit, formatKey, iso, modelKey, phaseAt } from './circuit-breaker.js';

/** The verdict before an attempt: allowed (as a half-open probe or not), or skipped with the reason. */
export type CircuitVerdict = { allowed: true; probeKeys: string[] } | { allowed: false; key: string; message: string };

/** The circuits that guard one attempt (account, model, model × route), checked in that order. */
export function guardKeys(model: string, route: string | null): string[] {
  return [ACCOUNT_KEY, modelKey(model), ...(route === null ? [] : [formatKey(model, route)])];
}

/**
 * Whether an attempt of `model` for `route` may go out. An open circuit skips it with the message
 * "circuit open since <ISO> (<reason>), until <ISO>"; half-open circuits let it through as a probe when
 * `probesInFlight(key)` is below `halfOpenProbes`.
 */
export function checkCircuits(
  circuits: Readonly<Record<string, Circuit>>,
  model: string,
  route: string | null,
  nowMs: number,
  halfOpenProbes: number,
  probesInFlight: (key: string) => number = () => 0,
): CircuitVerdict {
  const probeKeys: string[] = [];
  for (const key of guardKeys(model, route)) {
    const circuit = circuits[key];
    if (!circuit) continue;
    const phase = phaseAt(circuit, nowMs);
    if (phase === 'open') return { allowed: false, key, message: openMessage(key, circuit) };
    if (phase === 'half-open') {
      if (probesInFlight(key) >= halfOpenProbes) {
        const message = `${label(key)} half-open since ${iso(circuit.untilMs ?? circuit.sinceMs)} (${circuit.reason ?? 'cooldown over'}), probe in flight`;
        return { allowed: false, key, message };
      }
      probeKeys.push(key);
    }
  }
  return { allowed: true, probeKeys };
}

/** "circuit open since <ISO> (<reason>), until <ISO>", prefixed with the kind of circuit when it is not the model's. */
export function openMessage(key: string, circuit: Circuit): string {
  const until = circuit.untilMs === null ? '' : `, until ${iso(circuit.untilMs)}`;
  return `${label(key)} open since ${iso(circuit.sinceMs)} (${circuit.reason ?? 'no reason recorded'})${until}`;
}

function label(key: string): string {
  if (key === ACCOUNT_KEY) return 'circuit (provider account)';
  if (key.startsWith('format:')) return `circuit (output format, route ${key.slice(key.lastIndexOf(':') + 1)})`;
  return 'circuit';
}
