// Structured logs. Callers log ids, counts and codes only: never tokens, passwords or
// message contents (the redact list is a second line of defence, not the first).
import pino, { type Logger } from 'pino'

export type { Logger }

export function createLogger(level: string, toStderr = false): Logger {
  return pino(
    {
      name: 'parley-server',
      level,
      redact: {
        paths: ['password', 'token', 'access', 'refresh', 'content', 'message', '*.password', '*.token'],
        censor: '[redacted]',
      },
    },
    toStderr ? pino.destination(2) : undefined,
  )
}
