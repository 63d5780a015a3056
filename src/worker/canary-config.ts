import type { WorkerCanary } from '../canary/worker-canary.js';
import { type LoadedPolicy, loadPolicyFile } from '../config/load-policy.js';
import type { PolicyRegistry } from '../config/policy-registry.js';
import { type CanarySettingsInput, CanarySettingsSchema, parseSliceBy } from '../policy/canary-schema.js';

/** A canary as configured: the candidate (a file, or already loaded) and its settings (percent at least). */
export interface CanarySource {
  candidate: string | LoadedPolicy;
  settings: CanarySettingsInput;
}

/** Flags of `dev` and `worker` that configure a canary. */
export interface CanaryFlags {
  canaryPolicy?: string;
  canaryPercent?: string;
  canaryBy?: string;
  canaryPromotion?: string;
}

/**
 * The canary from flags, else the environment (`SWITCHYARD_CANARY_POLICY`, `SWITCHYARD_CANARY_PERCENT`,
 * `SWITCHYARD_CANARY_BY` = requestId | caller | metadata:KEY, `SWITCHYARD_CANARY_PROMOTION` = auto | manual);
 * null when no candidate is configured. Throws a one-line error on bad values.
 */
export function canarySourceOf(flags: CanaryFlags, env: NodeJS.ProcessEnv = process.env): CanarySource | null {
  const candidate = flags.canaryPolicy ?? env.SWITCHYARD_CANARY_POLICY;
  const percentText = flags.canaryPercent ?? env.SWITCHYARD_CANARY_PERCENT;
  if (!candidate) {
    if (percentText !== undefined && flags.canaryPercent !== undefined)
      throw new Error('--canary-percent needs --canary-policy');
    return null;
  }
  if (percentText === undefined)
    throw new Error('a canary policy needs --canary-percent (or SWITCHYARD_CANARY_PERCENT)');
  const percent = Number(percentText);
  if (!Number.isFinite(percent) || percent < 0 || percent > 100)
    throw new Error(`canary percent "${percentText.slice(0, 40)}": use a number from 0 to 100`);
  const by = flags.canaryBy ?? env.SWITCHYARD_CANARY_BY;
  const promotion = flags.canaryPromotion ?? env.SWITCHYARD_CANARY_PROMOTION;
  if (promotion !== undefined && promotion !== 'auto' && promotion !== 'manual')
    throw new Error(`canary promotion "${promotion.slice(0, 40)}": use auto or manual`);
  return {
    candidate,
    settings: { percent, ...(by ? { by: parseSliceBy(by) } : {}), ...(promotion ? { promotion } : {}) },
  };
}

/** Loads the candidate and checks it against the worker's default version; the candidate joins the policy list. */
export function loadCanary(source: CanarySource): { candidate: LoadedPolicy; settings: WorkerCanary['settings'] } {
  const candidate = typeof source.candidate === 'string' ? loadPolicyFile(source.candidate) : source.candidate;
  const parsed = CanarySettingsSchema.safeParse(source.settings);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`canary settings: ${issue?.path.join('.') || 'value'}: ${issue?.message ?? 'invalid'}`);
  }
  return { candidate, settings: Object.freeze(parsed.data) };
}

/**
 * The worker's canary: the registry's default version is the active one. The candidate needs its own version, and
 * a metadata slice a key the active policy declares (`access.metadataKeys`).
 */
export function workerCanaryOf(
  policies: PolicyRegistry,
  candidate: LoadedPolicy,
  settings: WorkerCanary['settings'],
): WorkerCanary {
  const active = policies.byVersion.get(policies.defaultVersion)!;
  if (candidate.policy.version === active.policy.version) {
    throw new Error(
      `canary policy ${candidate.file} has the active version ${active.policy.version}: give the candidate its own version`,
    );
  }
  const by = settings.by;
  if (by.kind === 'metadata' && !active.policy.access.metadataKeys.includes(by.key)) {
    throw new Error(
      `canary slice by metadata:${by.key}: declare "${by.key}" in access.metadataKeys of ${active.policy.version} first`,
    );
  }
  return Object.freeze({
    active: { version: active.policy.version, hash: active.hash },
    candidate: { version: candidate.policy.version, hash: candidate.hash },
    settings,
  });
}
