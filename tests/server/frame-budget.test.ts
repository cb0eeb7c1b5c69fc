// A server-wide budget for frame bytes in flight (issue 8 item 6): several large frames at
// once from one account past the budget get close 1013 with a reason, the rest are stored,
// and chat keeps flowing. Peak RSS at full size is measured by the bench scenario
// hostile-seed-flood (tests/bench/scenarios/hostile.ts; docs/security.md).
import { afterEach, expect, it } from 'vitest'
import type { Message } from '../../src-shared/protocol/types'
import { startPair, stopAllTestServers } from './helpers'

afterEach(stopAllTestServers)

it('refuses the large frames past the budget with 1013, stores the others and keeps serving', async () => {
  const MiB = 1024 * 1024
  const { t, ada, bob, id } = await startPair({ limits: { maxFrameBytes: 8 * MiB, framesInFlightBytes: 12 * MiB, maxFileBytes: 8 * MiB } })
  const b = await t.connect(id, bob)
  const sockets = await Promise.all([1, 2, 3, 4].map(() => t.connect(id, ada)))
  const file = Buffer.alloc(5 * MiB, 7).toString('base64') // 6.7 MB frames: four are 27 MB in flight
  sockets.forEach((s, i) => s.send({ type: 'file_message', filename: `part${i}.bin`, file, client_id: `big-${i}` }))
  const outcomes = await Promise.all(sockets.map((s) => Promise.race([
    s.closed.then((closed) => ({ closed })),
    s.next<Message>('message', 30_000).then((message) => ({ message })),
  ])))
  const refused = outcomes.filter((o) => 'closed' in o).map((o) => (o as { closed: { code: number; reason: string } }).closed)
  expect(refused.length).toBeGreaterThan(0)
  for (const closed of refused) {
    expect(closed.code).toBe(1013)
    expect(closed.reason).toMatch(/^Server busy: too many large frames in flight \(max 12\.0 MB across all connections\)/)
  }
  b.send({ type: 'chat_message', message: 'chat still flows' })
  const seen: Message[] = []
  for (;;) {
    const message = await b.next<Message>('message', 30_000)
    seen.push(message)
    if (message.content === 'chat still flows') break
  }
  expect(seen.filter((m) => m.message_type === 'file').length).toBe(4 - refused.length)
  // The refused sender sends again once the others are handled: accepted now.
  const again = await t.connect(id, ada)
  again.send({ type: 'file_message', filename: 'retry.bin', file, client_id: 'big-retry' })
  expect((await again.next<Message>('message', 30_000)).file_attachment?.file_size).toBe(5 * MiB)
}, 60_000)
