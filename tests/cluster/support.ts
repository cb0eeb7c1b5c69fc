// Shared by the cluster tests: a logger whose lines the test can read, message records,
// and waiting for a condition.
import pino from 'pino'
import type { Logger } from '../../src-main/server/logger'
import type { MessageRecord } from '../../src-main/server/storage/storage'

export interface LogLine {
  level: number
  msg: string
  [key: string]: unknown
}

/** A pino logger (debug and up) that keeps its lines in `lines`. */
export function recordingLogger(): { log: Logger; lines: LogLine[]; said(text: string): boolean } {
  const lines: LogLine[] = []
  const log = pino({ level: 'debug' }, { write: (line: string) => void lines.push(JSON.parse(line) as LogLine) })
  return { log, lines, said: (text) => lines.some((line) => line.msg.includes(text)) }
}

export function record(id: number, overrides: Partial<MessageRecord> = {}): MessageRecord {
  return {
    id,
    conversationId: 1,
    sender: { id: 1, email: 'ada@example.com', user_type: 'user', full_name: 'Ada' },
    content: `message ${id}`,
    messageType: 'text',
    isRead: false,
    createdAt: '2026-12-01T10:00:00.000Z',
    clientId: `c-${id}`,
    attachment: null,
    editedAt: null,
    deleted: false,
    revision: 0,
    replyTo: null,
    reactions: [],
    mentions: [],
    ...overrides,
  }
}

/** Polls `check` until it is true, or fails after `timeoutMs`. */
export async function until(check: () => boolean | Promise<boolean>, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}
