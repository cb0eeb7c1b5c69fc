// Flattens a history window plus unconfirmed sends into the rows the virtual list draws:
// a top row (loader or "beginning"), day separators, messages with grouping hints, and
// pending sends at the bottom. Pure, so the list only re-measures what changed.
import type { OutboxItem } from '../../src-shared/ipc/contract'
import type { Message } from '../../src-shared/protocol/types'

/** Consecutive messages from one sender closer than this share one header. */
const GROUP_GAP_MS = 5 * 60_000

export type Row =
  | { kind: 'top'; key: string; hasOlder: boolean }
  | { kind: 'day'; key: string; date: Date }
  | { kind: 'message'; key: string; message: Message; mine: boolean; showSender: boolean; continued: boolean }
  | { kind: 'pending'; key: string; item: OutboxItem }

function dayKey(date: Date): string {
  return `${date.getFullYear()}-${date.getMonth() + 1}-${date.getDate()}`
}

export function buildRows(messages: readonly Message[], pending: readonly OutboxItem[], options: {
  meId: number
  group: boolean
  hasOlder: boolean
}): Row[] {
  const rows: Row[] = [{ kind: 'top', key: 'top', hasOlder: options.hasOlder }]
  let previous: Message | null = null
  let previousDay = ''
  for (const message of messages) {
    const created = new Date(message.created_at)
    const day = dayKey(created)
    const newDay = day !== previousDay
    if (newDay) rows.push({ kind: 'day', key: `day-${day}`, date: created })
    const mine = message.sender.id === options.meId
    const continued = !newDay && previous !== null && previous.sender.id === message.sender.id &&
      created.getTime() - Date.parse(previous.created_at) < GROUP_GAP_MS
    rows.push({ kind: 'message', key: `m${message.id}`, message, mine, continued, showSender: options.group && !mine && !continued })
    previous = message
    previousDay = day
  }
  const today = dayKey(new Date())
  if (pending.length > 0 && previousDay !== today) rows.push({ kind: 'day', key: `day-${today}`, date: new Date() })
  for (const item of pending) rows.push({ kind: 'pending', key: `p${item.clientId}`, item })
  return rows
}
