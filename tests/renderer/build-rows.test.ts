// The rows the message list draws: the top row, a separator per local day, sender grouping,
// and pending sends at the bottom under today's separator.
import { describe, expect, it } from 'vitest'
import { buildRows, type Row } from '../../src-renderer/messages/buildRows'
import { ADA, BOB, message, outboxItem } from './support/messages'

const at = (y: number, m: number, d: number, h: number, min = 0) => new Date(y, m - 1, d, h, min).toISOString()
const kinds = (rows: Row[]) => rows.map((row) => row.kind)
const messageRows = (rows: Row[]) => rows.filter((row): row is Extract<Row, { kind: 'message' }> => row.kind === 'message')

describe('buildRows', () => {
  it('an empty conversation is just the top row, which says whether older messages exist', () => {
    expect(buildRows([], [], { meId: 1, group: false, hasOlder: false })).toEqual([{ kind: 'top', key: 'top', hasOlder: false }])
    expect(buildRows([], [], { meId: 1, group: false, hasOlder: true })[0]).toMatchObject({ hasOlder: true })
  })

  it('puts a separator before the first message of each local day', () => {
    const messages = [
      message(1, { created_at: at(2025, 3, 1, 9) }),
      message(2, { created_at: at(2025, 3, 1, 23, 59) }),
      message(3, { created_at: at(2025, 3, 2, 0, 1) }),
      message(4, { created_at: at(2025, 3, 5, 12) }),
    ]
    const rows = buildRows(messages, [], { meId: 1, group: false, hasOlder: false })
    expect(kinds(rows)).toEqual(['top', 'day', 'message', 'message', 'day', 'message', 'day', 'message'])
    const days = rows.filter((row): row is Extract<Row, { kind: 'day' }> => row.kind === 'day')
    expect(days.map((row) => row.date.getDate())).toEqual([1, 2, 5])
    // Keys are stable across pages added above, so the list keeps its measurements.
    expect(new Set(rows.map((row) => row.key)).size).toBe(rows.length)
    expect(rows[2]!.key).toBe('m1')
  })

  it('groups consecutive messages of one sender within five minutes; a day change or gap breaks the group', () => {
    const messages = [
      message(1, { sender: BOB, created_at: at(2025, 3, 1, 10, 0) }),
      message(2, { sender: BOB, created_at: at(2025, 3, 1, 10, 4) }),
      message(3, { sender: BOB, created_at: at(2025, 3, 1, 10, 10) }),
      message(4, { sender: ADA, created_at: at(2025, 3, 1, 10, 11) }),
      message(5, { sender: BOB, created_at: at(2025, 3, 1, 10, 12) }),
      message(6, { sender: BOB, created_at: at(2025, 3, 1, 23, 58) }),
      message(7, { sender: BOB, created_at: at(2025, 3, 2, 0, 1) }),
    ]
    const rows = messageRows(buildRows(messages, [], { meId: ADA.id, group: true, hasOlder: false }))
    expect(rows.map((row) => row.continued)).toEqual([false, true, false, false, false, false, false])
    expect(rows.map((row) => row.mine)).toEqual([false, false, false, true, false, false, false])
    // In a group, the sender is named on each new group of someone else's messages.
    expect(rows.map((row) => row.showSender)).toEqual([true, false, true, false, true, true, true])
    // One-to-one conversations never name the sender.
    const direct = messageRows(buildRows(messages, [], { meId: ADA.id, group: false, hasOlder: false }))
    expect(direct.every((row) => !row.showSender)).toBe(true)
  })

  it('pending sends go last, under a "today" separator when the last message is older', () => {
    const pending = [outboxItem({ clientId: 'a' }), outboxItem({ clientId: 'b', state: 'failed' })]
    const old = buildRows([message(1, { created_at: at(2020, 1, 1, 8) })], pending, { meId: 1, group: false, hasOlder: false })
    expect(kinds(old)).toEqual(['top', 'day', 'message', 'day', 'pending', 'pending'])
    expect(old.slice(-2).map((row) => row.key)).toEqual(['pa', 'pb'])
    const today = buildRows([message(1, { created_at: new Date().toISOString() })], pending, { meId: 1, group: false, hasOlder: false })
    expect(kinds(today)).toEqual(['top', 'day', 'message', 'pending', 'pending'])
  })
})
