// The mixed load (issue 11): clients of several conversations send at a steady offered
// rate; 80% of operations are new messages, 20% actions on sent messages (edits, deletions
// and reactions, in equal shares). Every socket declared ext=edit,delete,reactions, so it
// must see every message of its conversation and every action's message_updated. Each
// operation carries a client_id; it is acknowledged when its sender's socket gets the
// message (or message_updated with that client_id) back, and its latency is send → ack.
// Targets are chosen so no action is refused: edits and deletions of one's own live
// messages, reactions one does not have yet; a reaction on a message its sender deletes
// meanwhile is refused by the server ("This message was deleted") and counted apart.
import { performance } from 'node:perf_hooks'
import type WebSocket from 'ws'
import { perSecond, round, summarizeLatencies, type LatencySummary } from '../harness/stats'

export interface MixedSocket {
  ws: WebSocket
  conversationId: number
  userId: number
}

export interface MixedPlan {
  operations: number
  operationsPerSecond: number
  /** Share of operations that are actions (0.2). */
  actionShare: number
  /** After the last send, how long acknowledgements and deliveries may take. */
  settleMs: number
}

export type Operation = 'message' | 'edit' | 'delete' | 'react'

export interface Acknowledged {
  kind: Operation
  clientId: string
  senderId: number
  conversationId: number
  messageId: number
}

export interface MixedResult {
  offered: Record<Operation, number>
  acknowledged: Record<Operation, number>
  elapsed_ms: number
  operations_per_s: number
  message_latency: LatencySummary
  action_latency: LatencySummary
  /** Deliveries some participant's socket never got (messages or message_updated). */
  missed_deliveries: number
  /** Operations never acknowledged (no answer and no error). */
  unanswered: number
  /** Reactions refused because the message was deleted meanwhile (expected races). */
  refused_races: number
  /** Any other error frame. */
  errors: number
  first_error: string | null
  acked: Acknowledged[]
}

const REACTIONS = ['👍', '❤️', '😂', '😮', '😢', '🎉', '🔥', '👀', '🙏', '✅']

interface Sent {
  kind: Operation
  clientId: string
  socket: MixedSocket
  at: number
  /** The message acted on (actions). */
  target: number | null
}

interface Live {
  id: number
  senderId: number
  deleted: boolean
  /** Reactions given, as "userId emoji". */
  reactions: Set<string>
}

export function runMixed(sockets: MixedSocket[], plan: MixedPlan): Promise<MixedResult> {
  const byConversation = new Map<number, MixedSocket[]>()
  for (const socket of sockets) byConversation.set(socket.conversationId, [...(byConversation.get(socket.conversationId) ?? []), socket])
  const pending = new Map<string, Sent>()
  const acked: Acknowledged[] = []
  const live = new Map<number, Live[]>() // conversation → acknowledged messages
  const seen = new Map<MixedSocket, Set<string>>(sockets.map((s) => [s, new Set()]))
  const messageLatency = new Float64Array(plan.operations)
  const actionLatency = new Float64Array(plan.operations)
  let messageCount = 0
  let actionCount = 0
  let refused = 0
  let errors = 0
  let firstError: string | null = null
  const zero = (): Record<Operation, number> => ({ message: 0, edit: 0, delete: 0, react: 0 })
  const offered = zero()
  const acknowledged = zero()
  let n = 0
  let seed = 12345
  const random = (): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff
    return seed / 0x7fffffff
  }

  const acknowledge = (sent: Sent, messageId: number): void => {
    pending.delete(sent.clientId)
    const ms = performance.now() - sent.at
    if (sent.kind === 'message') messageLatency[messageCount++] = ms
    else actionLatency[actionCount++] = ms
    acknowledged[sent.kind] += 1
    acked.push({ kind: sent.kind, clientId: sent.clientId, senderId: sent.socket.userId, conversationId: sent.socket.conversationId, messageId })
  }

  for (const socket of sockets) {
    socket.ws.on('message', (data) => {
      const frame = JSON.parse(String(data)) as Record<string, unknown>
      const mine = seen.get(socket) as Set<string>
      if (frame.type === undefined && typeof frame.id === 'number') {
        mine.add(`m${frame.id}`)
        const sent = typeof frame.client_id === 'string' ? pending.get(frame.client_id) : undefined
        if (sent && sent.socket === socket) {
          acknowledge(sent, frame.id)
          const list = live.get(socket.conversationId) ?? []
          list.push({ id: frame.id, senderId: socket.userId, deleted: false, reactions: new Set() })
          live.set(socket.conversationId, list)
        }
      } else if (frame.type === 'message_updated' && typeof frame.client_id === 'string') {
        mine.add(`a${frame.client_id}`)
        const sent = pending.get(frame.client_id)
        if (sent && sent.socket === socket) acknowledge(sent, sent.target as number)
      } else if (frame.type === 'error') {
        const sent = typeof frame.client_id === 'string' ? pending.get(frame.client_id) : undefined
        if (sent) pending.delete(sent.clientId)
        if (frame.message === 'This message was deleted' && sent?.kind === 'react') refused += 1
        else {
          errors += 1
          firstError ??= String(frame.message)
        }
      }
    })
  }

  /** An action this socket may take now, or null (then it sends a message). */
  const chooseAction = (socket: MixedSocket): { kind: Operation; frame: Record<string, unknown>; target: number } | null => {
    const messages = (live.get(socket.conversationId) ?? []).filter((m) => !m.deleted).slice(-50)
    if (messages.length === 0) return null
    const roll = random()
    const own = messages.filter((m) => m.senderId === socket.userId)
    if (roll < 1 / 3 && own.length > 0) {
      const target = own[Math.floor(random() * own.length)] as Live
      return { kind: 'edit', target: target.id, frame: { type: 'edit_message', message_id: target.id, message: `edited ${n} ${'x'.repeat(20)}` } }
    }
    if (roll < 2 / 3 && own.length > 0) {
      const target = own[Math.floor(random() * own.length)] as Live
      target.deleted = true
      return { kind: 'delete', target: target.id, frame: { type: 'delete_message', message_id: target.id } }
    }
    const target = messages[Math.floor(random() * messages.length)] as Live
    const emoji = REACTIONS.find((e) => !target.reactions.has(`${socket.userId} ${e}`))
    if (!emoji) return null
    target.reactions.add(`${socket.userId} ${emoji}`)
    return { kind: 'react', target: target.id, frame: { type: 'react', message_id: target.id, emoji, on: true } }
  }

  return new Promise((resolve) => {
    const started = performance.now()
    const intervalMs = 1000 / plan.operationsPerSecond
    const tick = (): void => {
      // Catch up on timer slack so the offered rate holds.
      const due = Math.min(plan.operations, Math.floor((performance.now() - started) / intervalMs) + 1)
      while (n < due) {
        const socket = sockets[n % sockets.length] as MixedSocket
        const clientId = `mx-${n}`
        const action = random() < plan.actionShare ? chooseAction(socket) : null
        const kind: Operation = action?.kind ?? 'message'
        const frame = action?.frame ?? { type: 'chat_message', message: `mixed ${n} ${'lorem ipsum '.repeat(4)}` }
        pending.set(clientId, { kind, clientId, socket, at: performance.now(), target: action?.target ?? null })
        offered[kind] += 1
        socket.ws.send(JSON.stringify({ ...frame, client_id: clientId }))
        n += 1
      }
      if (n < plan.operations) setTimeout(tick, Math.max(0, intervalMs / 2))
      else setTimeout(finish, 0)
    }
    const finish = (): void => {
      const deadline = performance.now() + plan.settleMs
      const poll = (): void => {
        if (pending.size > 0 && performance.now() < deadline) return void setTimeout(poll, 20)
        const elapsed = performance.now() - started
        // Give the last broadcasts a moment to reach every other socket.
        setTimeout(() => resolve(summarize(elapsed)), 300)
      }
      poll()
    }
    const summarize = (elapsed: number): MixedResult => {
      let missed = 0
      for (const ack of acked) {
        // A no-op action is answered to its sender alone; none is planned, so all were broadcast.
        const key = ack.kind === 'message' ? `m${ack.messageId}` : `a${ack.clientId}`
        for (const socket of byConversation.get(ack.conversationId) ?? []) if (!seen.get(socket)?.has(key)) missed += 1
      }
      for (const socket of sockets) socket.ws.removeAllListeners('message')
      const total = Object.values(acknowledged).reduce((a, b) => a + b, 0)
      return {
        offered,
        acknowledged,
        elapsed_ms: round(elapsed, 0),
        operations_per_s: perSecond(total, elapsed),
        message_latency: summarizeLatencies(messageLatency, messageCount),
        action_latency: summarizeLatencies(actionLatency, actionCount),
        missed_deliveries: missed,
        unanswered: pending.size,
        refused_races: refused,
        errors,
        first_error: firstError,
        acked,
      }
    }
    tick()
  })
}
