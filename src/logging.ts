import { type Logger, pino } from 'pino';

/**
 * The process logger: JSON lines on stderr (stdout stays free for command output), level from
 * SWITCHYARD_LOG_LEVEL. API keys and prompt text are never logged; `redact` guards known key paths.
 */
export function createLogger(defaultLevel = 'info', env: NodeJS.ProcessEnv = process.env): Logger {
  return pino(
    {
      level: env.SWITCHYARD_LOG_LEVEL ?? defaultLevel,
      base: { service: 'switchyard' },
      redact: { paths: ['apiKey', '*.apiKey', 'headers.authorization', 'headers["x-api-key"]'], censor: '[redacted]' },
    },
    pino.destination(2),
  );
}

export type { Logger };
