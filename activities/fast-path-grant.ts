import { DEFAULT_FAST_PATH, type FastPathGrant } from '../src/policy/fast-path.js';
import type { ActivityDeps } from './deps.js';

/** Environment variable that turns the fast path off (`off`) or sets its longest attempt limit (ms). */
export const FAST_PATH_ENV = 'SWITCHYARD_FAST_PATH';

/**
 * The fast path this worker grants, recorded by `resolvePolicy` with each request's policy: the deps' setting, else
 * SWITCHYARD_FAST_PATH (`off`/`false`/`0` turn it off; a number of ms sets `maxTimeoutMs`), else the default. Null:
 * off, every attempt is a regular activity.
 */
export function fastPathGrant(deps: ActivityDeps): FastPathGrant | null {
  if (deps.fastPath !== undefined) return deps.fastPath === false ? null : deps.fastPath;
  const raw = (deps.env ?? process.env)[FAST_PATH_ENV]?.trim().toLowerCase();
  if (!raw || raw === 'on' || raw === 'true') return DEFAULT_FAST_PATH;
  if (raw === 'off' || raw === 'false' || raw === '0') return null;
  const ms = Number(raw);
  if (!Number.isInteger(ms) || ms <= 0) throw new Error(`${FAST_PATH_ENV} must be off or a positive number of ms`);
  return { maxTimeoutMs: ms };
}
