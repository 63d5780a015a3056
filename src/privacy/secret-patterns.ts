/**
 * Formats of credentials, adapted from the rules of `@secretlint/secretlint-rule-preset-recommend` v11
 * (AWS, GCP/private keys, npm, basic auth, Slack, SendGrid, Shopify, GitHub, OpenAI, Anthropic, Linear,
 * 1Password, database connection strings; MIT licence, © azu) plus other widely published prefixes
 * (Google API keys, Stripe, GitLab, Hugging Face, JWTs). secretlint's own `lintSource` is asynchronous
 * and costs about a millisecond per call, too slow for the synchronous 2 KB scan; its patterns run here
 * instead, and test/unit/privacy/detect-secret.test.ts checks this adapter against `lintSource` itself.
 *
 * The OpenAI and Anthropic patterns are looser than secretlint's (which pin the exact current lengths
 * and the `T3BlbkFJ` marker): a truncated or older key pasted into a prompt is still a key.
 */
/** Each format with a literal `needle` tested first (cheap), and the pattern run only when it is present. */
export const SECRET_PATTERNS: readonly { name: string; needle: RegExp; pattern: RegExp }[] = [
  {
    name: 'aws-access-key-id',
    needle: /A3T|AKIA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|ASIA/,
    pattern: /\b(?:A3T[A-Z0-9]|AKIA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|ASIA)[A-Z0-9]{16}\b/g,
  },
  {
    name: 'private-key',
    needle: /BEGIN/,
    pattern:
      /-----BEGIN[ ]?(?:(?:RSA|DSA|EC|OPENSSH|PGP|ENCRYPTED) )?PRIVATE KEY(?: BLOCK)?-----[A-Za-z0-9+/=\s\\:,-]{0,10000}?(?:-----END[ ]?(?:(?:RSA|DSA|EC|OPENSSH|PGP|ENCRYPTED) )?PRIVATE KEY(?: BLOCK)?-----|(?=[^A-Za-z0-9+/=\s\\:,-])|$)/g,
  },
  { name: 'npm-token', needle: /npm_/, pattern: /(?<!\p{L})npm_[A-Za-z0-9_]{36}(?![A-Za-z0-9_])/gu },
  {
    name: 'slack-token',
    needle: /xox|xapp/,
    pattern: /\b(?:xoxb|xoxp|xapp|xoxa|xoxo|xoxr)-(?:\d-)?(?:[a-zA-Z0-9]{1,40}-){1,8}[a-zA-Z0-9]{1,40}\b/g,
  },
  {
    name: 'basic-auth-url',
    needle: /:\/\//,
    pattern:
      /\b(?:https?|ftps?):\/\/[-a-zA-Z0-9_]{1,256}:[-a-zA-Z0-9_]{1,256}@[-a-zA-Z0-9%._+~#=]{1,256}\.[a-zA-Z0-9()]{1,6}\b/g,
  },
  {
    name: 'database-connection-string',
    needle: /:\/\//,
    pattern:
      /\b(?:mongodb(?:\+srv)?|postgres(?:ql)?|(?:jdbc:)?mysqlx?|redis|rediss|amqps?):\/\/[^:/\s@]{1,100}:[^@/\s]{1,200}@[^/\s?]{1,100}/gi,
  },
  {
    name: 'openai-or-anthropic-key',
    needle: /sk-/,
    pattern: /(?<![\p{L}\p{N}_-])sk-(?:ant-|proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,200}/gu,
  },
  { name: 'linear-api-key', needle: /lin_api_/, pattern: /(?<!\p{L})lin_api_[a-zA-Z0-9_]{32,128}(?![a-zA-Z0-9_])/gu },
  { name: 'sendgrid-key', needle: /SG\./, pattern: /(?<!\p{L})SG\.[\w-]{16,128}\.[\w-]{16,128}(?![\w-])/gu },
  {
    name: 'shopify-token',
    needle: /shp/,
    pattern: /(?<!\p{L})(?:shppa|shpca|shpat|shpss)_[a-zA-Z0-9]{32,64}(?![a-zA-Z0-9])/gu,
  },
  {
    name: 'github-token',
    needle: /gh[pousr]_/,
    pattern: /(?<!\p{L})(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9_]{36}(?![A-Za-z0-9_])/gu,
  },
  {
    name: 'github-fine-grained-token',
    needle: /github_pat_/,
    pattern: /(?<!\p{L})github_pat_[A-Za-z0-9_]{82}(?![A-Za-z0-9_])/gu,
  },
  {
    name: '1password-token',
    needle: /ops_ey/,
    pattern: /(?<!\p{L})ops_ey[A-Za-z0-9+/=]{100,1280}fQ={0,2}(?![A-Za-z0-9+/=])/gu,
  },
  { name: 'google-api-key', needle: /AIza/, pattern: /\bAIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])/g },
  {
    name: 'stripe-key',
    needle: /[srp]k_(?:live|test)/,
    pattern: /\b(?:sk|rk|pk)_(?:live|test)_[0-9a-zA-Z]{16,128}\b/g,
  },
  { name: 'gitlab-token', needle: /glpat-/, pattern: /\bglpat-[0-9A-Za-z_-]{20,}/g },
  { name: 'huggingface-token', needle: /hf_/, pattern: /\bhf_[A-Za-z0-9]{30,}\b/g },
  { name: 'jwt', needle: /eyJ/, pattern: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g },
];

/** Cheap test for the cue words of `detect-secret` (api key, token, password, …). */
export const SECRET_CUE_PREFILTER = /key|token|secret|passw|pwd|passcode|bearer|credential/i;
