// The fan-out load: chat_message frames sent round-robin by every socket, each broadcast
// expected on every socket of its conversation (the sender's included). Two pacing modes:
//  - closed loop: at most `maxInFlight` messages not yet delivered everywhere;
//  - open loop: a fixed offered rate, whatever the server does.
// Latency is send → each delivery. The marker in `content` is found in the raw frame with
// Buffer.indexOf, so the clients (one process, sharing 2 cores with the server) spend as
// little CPU as possible and the server stays the bottleneck.
import { performance } from 'node:perf_hooks'
import type WebSocket from 'ws'
import { summarizeLatencies, perSecond, round, type LatencySummary } from '../harness/stats'

export interface FanoutSocket {
  ws: WebSocket
  conversationId: number
}

export type Pacing = { kind: 'closed'; maxInFlight: number } | { kind: 'open'; messagesPerSecond: number }

export interface FanoutPlan {
  messages: number
  pacing: Pacing
  /** A message not delivered everywhere within this is given up on (its missing deliveries count as lost). */
  lossTimeoutMs: number
  /** Distinguishes rounds on the same sockets (client_id must be unique per sender). */
  tag: string
}

export interface FanoutResult {
  messages: number
  elapsed_ms: number
  messages_per_s: number
  deliveries_per_s: number
  expected_deliveries: number
  delivered: number
  lost: number
  duplicates: number
  misrouted: number
  errors: number
  first_error: string | null
  latency: LatencySummary
  /** Open loop only: the rate actually offered (timer slack can lower it). */
  offered_per_s?: number
}

const MARKER = Buffer.from('#B#')
const HASH = 0x23
const FILLER = ' lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor'

export function runFanout(sockets: FanoutSocket[], plan: FanoutPlan): Promise<FanoutResult> {
  const groups = groupByConversation(sockets)
  const conversations = groups.length
  const perConversation = (groups[0] as FanoutSocket[]).length
  if (groups.some((g) => g.length !== perConversation)) throw new Error('fan-out needs the same number of sockets per conversation')

  const total = plan.messages
  const sentAt = new Float64Array(total)
  const remaining = new Int32Array(total).fill(perConversation)
  const slotFreed = new Uint8Array(total)
  const seen = new Uint8Array(total * perConversation)
  const latencies = new Float64Array(total * perConversation)
  let delivered = 0
  let duplicates = 0
  let misrouted = 0
  let errors = 0
  let firstError: string | null = null
  let nextSeq = 0
  let inFlight = 0
  let freed = 0
  let firstSendAt = 0
  let lastDeliveryAt = 0

  return new Promise<FanoutResult>((resolve) => {
    let pacer: NodeJS.Timeout | null = null
    const reaper = setInterval(reapTimedOut, 100)

    groups.forEach((group, conversationIndex) =>
      group.forEach((socket, localIndex) => {
        socket.ws.on('message', (data: Buffer) => onFrame(data, conversationIndex, localIndex))
      }),
    )

    function onFrame(data: Buffer, conversationIndex: number, localIndex: number): void {
      const now = performance.now()
      const at = data.indexOf(MARKER)
      if (at < 0) return noteNonMessage(data)
      let seq = 0
      for (let i = at + MARKER.length; i < data.length && data[i] !== HASH; i++) seq = seq * 10 + ((data[i] as number) - 48)
      if (seq >= total || seq % conversations !== conversationIndex) {
        misrouted++
        return
      }
      const slot = seq * perConversation + localIndex
      if (seen[slot]) {
        duplicates++
        return
      }
      seen[slot] = 1
      latencies[delivered++] = now - (sentAt[seq] as number)
      lastDeliveryAt = now
      remaining[seq] = (remaining[seq] as number) - 1
      if (remaining[seq] === 0) freeSlot(seq)
    }

    function noteNonMessage(data: Buffer): void {
      // Rare by design (errors, typing…): only these frames pay for JSON.parse.
      try {
        const frame = JSON.parse(String(data)) as { type?: string; message?: string }
        if (frame.type === 'error') {
          errors++
          firstError ??= String(frame.message)
        }
      } catch {
        errors++
        firstError ??= 'unparseable frame'
      }
    }

    function send(seq: number): void {
      const conversationIndex = seq % conversations
      const group = groups[conversationIndex] as FanoutSocket[]
      const sender = group[Math.floor(seq / conversations) % perConversation] as FanoutSocket
      const frame = JSON.stringify({ type: 'chat_message', message: `#B#${seq}#${FILLER}`, client_id: `bench-${plan.tag}-${seq}` })
      const now = performance.now()
      if (seq === 0) firstSendAt = now
      sentAt[seq] = now
      inFlight++
      sender.ws.send(frame)
    }

    function freeSlot(seq: number): void {
      if (slotFreed[seq]) return
      slotFreed[seq] = 1
      inFlight--
      freed++
      if (freed === total) return finish()
      if (plan.pacing.kind === 'closed') pumpClosed(plan.pacing.maxInFlight)
    }

    function pumpClosed(maxInFlight: number): void {
      while (inFlight < maxInFlight && nextSeq < total) send(nextSeq++)
    }

    function pumpOpen(messagesPerSecond: number, startedAt: number): void {
      const intervalMs = 1000 / messagesPerSecond
      const now = performance.now()
      while (nextSeq < total && startedAt + nextSeq * intervalMs <= now) send(nextSeq++)
      if (nextSeq < total) {
        const dueIn = startedAt + nextSeq * intervalMs - performance.now()
        pacer = setTimeout(() => pumpOpen(messagesPerSecond, startedAt), Math.max(0, dueIn))
      }
    }

    function reapTimedOut(): void {
      const oldest = performance.now() - plan.lossTimeoutMs
      for (let seq = 0; seq < nextSeq; seq++) if (!slotFreed[seq] && (sentAt[seq] as number) < oldest) freeSlot(seq)
    }

    function finish(): void {
      clearInterval(reaper)
      if (pacer) clearTimeout(pacer)
      for (const socket of sockets) socket.ws.removeAllListeners('message')
      const elapsed = lastDeliveryAt - firstSendAt
      const expected = total * perConversation
      const result: FanoutResult = {
        messages: total,
        elapsed_ms: round(elapsed, 1),
        messages_per_s: perSecond(total, elapsed),
        deliveries_per_s: perSecond(delivered, elapsed),
        expected_deliveries: expected,
        delivered,
        lost: expected - delivered,
        duplicates,
        misrouted,
        errors,
        first_error: firstError,
        latency: summarizeLatencies(latencies, delivered),
      }
      if (plan.pacing.kind === 'open') result.offered_per_s = perSecond(total, (sentAt[total - 1] as number) - firstSendAt)
      resolve(result)
    }

    if (plan.pacing.kind === 'closed') pumpClosed(plan.pacing.maxInFlight)
    else pumpOpen(plan.pacing.messagesPerSecond, performance.now())
  })
}

function groupByConversation(sockets: FanoutSocket[]): FanoutSocket[][] {
  const byId = new Map<number, FanoutSocket[]>()
  for (const socket of sockets) {
    const group = byId.get(socket.conversationId) ?? []
    group.push(socket)
    byId.set(socket.conversationId, group)
  }
  return [...byId.values()]
}
