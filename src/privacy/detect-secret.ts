import type { PrivacyFinding } from '../policy/types.js';
import { SECRET_CUE_PREFILTER, SECRET_PATTERNS } from './secret-patterns.js';

/**
 * Credentials: API keys, tokens, passwords and private keys.
 * - A known credential format (secret-patterns.ts, after secretlint's recommended rules): score 0.95.
 * - A value right after a credential cue ("api key is", "token:", "password =", "Bearer"): 0.85 when it
 *   starts with a known key prefix (`sk-`, `ghp_`, `AKIA`, … — even truncated, "my api key is sk-abc…"),
 *   or when it looks machine-made (8+ characters mixing letters with digits or symbols). Plain words
 *   ("my password is incorrect") are not secrets.
 */
const CUE =
  /\b(?:api[ _-]?key|apikey|secret(?:[ _-]?key)?|access[ _-]?key(?:[ _-]?id)?|auth(?:orization)?[ _-]?token|access[ _-]?token|refresh[ _-]?token|bearer|token|password|passwd|pwd|passcode|client[ _-]?secret|private[ _-]?key|credentials?)\b(?:[ \t]+(?:is|was|=|:))?[ \t]*[:=]?[ \t]*["'`]?([^\s"'`]{4,200})/gi;
const KEY_PREFIX =
  /^(?:sk-|sk_|pk_|rk_|ghp_|gho_|ghs_|ghu_|ghr_|github_pat_|xox[abprso]-|xapp-|npm_|AKIA|ASIA|AIza|glpat-|hf_|SG\.|shp(?:at|ss|ca|pa)_|lin_api_|ops_|eyJ)/;
const MACHINE_MADE = /^(?=[^\s]*\d)(?=[^\s]*[A-Za-z])[A-Za-z0-9_\-+/=.!@#$%^&*~]{8,}$/;
const TRAILING = /[.,;:!?)\]}…]+$/;

export function detectSecret(text: string): PrivacyFinding[] {
  const out: PrivacyFinding[] = [];
  for (const { needle, pattern } of SECRET_PATTERNS) {
    if (!needle.test(text)) continue;
    pattern.lastIndex = 0;
    for (const m of text.matchAll(pattern)) {
      out.push({ type: 'secret', start: m.index, end: m.index + m[0].trimEnd().length, score: 0.95 });
    }
  }
  if (!SECRET_CUE_PREFILTER.test(text)) return out;
  CUE.lastIndex = 0;
  for (const m of text.matchAll(CUE)) {
    const value = (m[1] ?? '').replace(TRAILING, '');
    if (value.length < 4) continue;
    if (!KEY_PREFIX.test(value) && !MACHINE_MADE.test(value)) continue;
    const start = m.index + m[0].length - (m[1] ?? '').length;
    out.push({ type: 'secret', start, end: start + value.length, score: 0.85 });
  }
  return out;
}
