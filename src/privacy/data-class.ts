import type { DataClass, EntityType, PrivacyFinding, PrivacyVerdict } from '../policy/types.js';

/** Which entity types make a request restricted or internal (the policy file's `privacy` section). */
export interface DataClassRules {
  restricted: readonly EntityType[];
  internal: readonly EntityType[];
}

/** The default rules (ARCHITECTURE §3, plus date_of_birth and ip_address as internal). */
export const DEFAULT_DATA_CLASS_RULES: DataClassRules = {
  restricted: ['credit_card', 'iban', 'national_id', 'account_number', 'health'],
  internal: ['email', 'phone', 'person', 'street_address', 'date_of_birth', 'ip_address'],
};

/**
 * The data class of a request holding the given entity types: the strictest class any of them maps to.
 * A type listed in both lists counts as restricted; types in neither list (and no types) are public.
 */
export function dataClassOf(types: readonly EntityType[], rules: DataClassRules): DataClass {
  let result: DataClass = 'public';
  for (const t of types) {
    if (rules.restricted.includes(t)) return 'restricted';
    if (rules.internal.includes(t)) result = 'internal';
  }
  return result;
}

/** Builds the privacy verdict (data class, findings, distinct sorted types) from scan findings. */
export function privacyVerdict(
  findings: readonly PrivacyFinding[],
  rules: DataClassRules = DEFAULT_DATA_CLASS_RULES,
): PrivacyVerdict {
  const entityTypes = [...new Set(findings.map((f) => f.type))].sort();
  return { dataClass: dataClassOf(entityTypes, rules), findings: [...findings], entityTypes };
}
