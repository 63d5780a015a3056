/**
 * Out-of-credit and usage-limit errors, which do not clear in seconds: Anthropic's 400 "You have reached your
 * specified API usage limits. You will regain access on 2026-12-01 at 00:00 UTC." and "Your credit balance is
 * too low", OpenAI's 429 `insufficient_quota` ("You exceeded your current quota"), HTTP 402 "insufficient
 * credits" (OpenRouter and others). Pure: no clock.
 */
export const QUOTA_MESSAGE_PATTERN =
  /specified API usage limits|credit balance is too low|insufficient[ _]credits?|insufficient[ _]quota|exceeded your current quota/i;

/** Error codes/types meaning the same. */
export const QUOTA_CODES: ReadonlySet<string> = new Set([
  'insufficient_quota',
  'billing_error',
  'insufficient_credits',
]);

/** Whether a provider error means the account is out of credit or over its usage limit. */
export function isQuotaError(
  status: number | undefined,
  code: string | undefined,
  message: string | undefined,
): boolean {
  if (status === 402) return true;
  if (code !== undefined && QUOTA_CODES.has(code)) return true;
  return typeof message === 'string' && QUOTA_MESSAGE_PATTERN.test(message);
}

/**
 * When access returns, from "regain access on 2026-12-01 at 00:00 UTC" (the time is optional and read as UTC;
 * a date alone means its midnight UTC), epoch ms; null when the message names no date.
 */
export function regainAccessAtMs(message: string | undefined): number | null {
  if (typeof message !== 'string') return null;
  const match = /regain access on (\d{4})-(\d{2})-(\d{2})(?:(?:\s+at\s+|T|\s+)(\d{1,2}):(\d{2}))?/i.exec(message);
  if (!match) return null;
  const [, year, month, day, hour, minute] = match;
  const ms = Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour ?? 0), Number(minute ?? 0));
  return Number.isFinite(ms) ? ms : null;
}
