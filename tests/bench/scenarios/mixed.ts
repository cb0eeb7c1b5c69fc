// Mixed load (issue 11): 50 clients in 10 conversations at a steady 100 operations/s, 20%
// of them edits, deletions and reactions. Nothing may be lost: every acknowledged message
// and action is in the database afterwards, and every participant's socket saw every
// message and every message_updated. Reports throughput and latency p50/p99 (send → the
// sender's acknowledgement), messages and actions apart.
import Database from 'better-sqlite3'
import { join } from 'node:path'
import { atMost, type ScenarioReport } from '../harness/report'
import { mib } from '../harness/stats'
import { openChatSocket, openMany } from '../load/chat-socket'
import { runMixed, type MixedSocket } from '../load/mixed'
import type { SetupSocket } from '../servers/ipc'
import type { Scenario, ScenarioContext } from './scenario'
import { startSession } from './session'

const SHAPE = { clients: 50, conversations: 10, operationsPerSecond: 100, actionShare: 0.2 }

export function mixedScenarios(): Scenario[] {
  return [{
    name: 'mixed',
    describe: '50 clients / 10 conversations at 100 operations/s, 20% edits, deletes and reactions: nothing lost (Parley)',
    run: runMixedScenario,
  }]
}

async function runMixedScenario(context: ScenarioContext): Promise<ScenarioReport> {
  const operations = context.quick ? 1_000 : 6_000
  const session = await startSession('parley', context, {
    request: { conversations: SHAPE.conversations, usersPerConversation: SHAPE.clients / SHAPE.conversations, socketsPerUser: 1 },
  })
  try {
    const sockets: MixedSocket[] = await openMany(session.setup.length, 16, async (i) => {
      const entry = session.setup[i] as SetupSocket
      const { ws } = await openChatSocket(session.server.url, entry.conversationId, session.tokens.get(entry.userId) as string,
        'ext=edit,delete,reactions')
      return { ws, conversationId: entry.conversationId, userId: entry.userId }
    })
    context.log(`mixed: ${operations} operations at ${SHAPE.operationsPerSecond}/s`)
    const stop = await session.server.profile('mixed')
    const result = await runMixed(sockets, { operations, operationsPerSecond: SHAPE.operationsPerSecond, actionShare: SHAPE.actionShare, settleMs: 10_000 })
    await stop()
    for (const socket of sockets) socket.ws.close()
    // What the server's database holds (read-only, beside the running server: WAL readers never block it).
    const db = new Database(join(session.dataDir, 'parley.db'), { readonly: true })
    let missingInDb = 0
    try {
      const message = db.prepare<[number, string]>('SELECT 1 FROM messages WHERE sender_id = ? AND client_id = ?')
      const action = db.prepare<[number, string]>('SELECT 1 FROM message_actions WHERE sender_id = ? AND client_id = ?')
      for (const ack of result.acked) {
        if (!(ack.kind === 'message' ? message : action).get(ack.senderId, ack.clientId)) missingInDb += 1
      }
    } finally {
      db.close()
    }
    const { acked: _acked, ...figures } = result
    const peak = session.memory.stop().peakRss
    return {
      scenario: 'mixed',
      quick: context.quick,
      params: { ...SHAPE, operations },
      results: { parley: { ...figures, missing_in_db: missingInDb, server_peak_rss_mib: mib(peak) } },
      targets: [
        { ...atMost('acknowledged operations missing from the database', missingInDb, 0, ''), detail: `${result.acked.length} acknowledged` },
        {
          ...atMost('deliveries missed (messages + message_updated)', result.missed_deliveries, 0, ''),
          detail: `message p50 ${result.message_latency.p50_ms} / p99 ${result.message_latency.p99_ms} ms; action p50 ${result.action_latency.p50_ms} / p99 ${result.action_latency.p99_ms} ms; ${result.operations_per_s} ops/s`,
        },
        { ...atMost('operations unanswered', result.unanswered, 0, ''), detail: `${result.refused_races} reactions refused: message deleted meanwhile` },
        { ...atMost('error frames', result.errors, 0, ''), detail: result.first_error ?? '' },
      ],
    }
  } finally {
    await session.close()
  }
}
