import type { DataClass, EntityType, PrivacyFinding, PrivacyVerdict } from '../policy/types.js';

/** Which entity types make a request restricted or internal (the policy file's `privacy` section). */
export interface DataClassRules {
  restricted: readonly EntityType[];
  internal: readonly EntityType[];
}

/** The default rules (ARCHITECTURE §3, plus date_of_birth and ip_address as internal, secrets and marked documents). */
export const DEFAULT_DATA_CLASS_RULES: DataClassRules = {
  restricted: ['credit_card', 'iban', 'national_id', 'account_number', 'health', 'secret'],
  internal: ['email', 'phone', 'person', 'street_address', 'date_of_birth', 'ip_address', 'confidential'],
};

/**
 * Classes of the entity types added after policies started listing types: a policy written before them
 * (listing neither) must not send an API key to a public model. Listing the type in `restricted` or
 * `internal` overrides this.
 */
const LATER_TYPE_CLASS: Partial<Record<EntityType, DataClass>> = { secret: 'restricted', confidential: 'internal' };

const RANK: Record<DataClass, number> = { public: 0, internal: 1, restricted: 2 };

/** The stricter of two data classes. */
export function stricterClass(a: DataClass, b: DataClass): DataClass {
  return RANK[a] >= RANK[b] ? a : b;
}

/**
 * The data class of a request holding the given entity types: the strictest class any of them maps to.
 * A type listed in both lists counts as restricted; types in neither list (and no types) are public,
 * except `secret` (restricted) and `confidential` (internal) unless listed. `custom` findings carry
 * their own class (see `dataClassOfFindings`).
 */
export function dataClassOf(types: readonly EntityType[], rules: DataClassRules): DataClass {
  let result: DataClass = 'public';
  for (const t of types) {
    if (rules.restricted.includes(t)) return 'restricted';
    if (rules.internal.includes(t)) result = 'internal';
    else result = stricterClass(result, LATER_TYPE_CLASS[t] ?? 'public');
  }
  return result;
}

/** The data class of a set of findings: by type (`dataClassOf`), and each custom finding's own class. */
export function dataClassOfFindings(findings: readonly PrivacyFinding[], rules: DataClassRules): DataClass {
  let result = dataClassOf([...new Set(findings.map((f) => f.type))], rules);
  for (const f of findings) if (f.dataClass) result = stricterClass(result, f.dataClass);
  return result;
}

/** Builds the privacy verdict (data class, findings, distinct sorted types) from scan findings. */
export function privacyVerdict(
  findings: readonly PrivacyFinding[],
  rules: DataClassRules = DEFAULT_DATA_CLASS_RULES,
): PrivacyVerdict {
  const entityTypes = [...new Set(findings.map((f) => f.type))].sort();
  return { dataClass: dataClassOfFindings(findings, rules), findings: [...findings], entityTypes };
}
