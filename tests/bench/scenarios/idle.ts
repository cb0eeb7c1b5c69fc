// Idle sockets (issue 2): 2,000 open chat sockets doing nothing; the server's RSS.
// Parley allows few sockets per user by default, so the server is started with a raised
// per-user limit and 20 users hold 100 sockets each (logging in 2,000 users would spend
// minutes in scrypt and measure password hashing, not sockets).
import { below, type ScenarioReport } from '../harness/report'
import { mib, round } from '../harness/stats'
import type { SetupSocket } from '../servers/ipc'
import type { Scenario, ScenarioContext } from './scenario'
import { startSession } from './session'

const CONVERSATIONS = 10
const USERS_PER_CONVERSATION = 2
const SETTLE_MS = 3_000

export function idleScenarios(): Scenario[] {
  return [{ name: 'idle-2000-sockets', describe: '2,000 open idle chat sockets: server RSS', run: idleScenario }]
}

async function idleScenario(context: ScenarioContext): Promise<ScenarioReport> {
  const sockets = context.quick ? 500 : 2_000
  const socketsPerUser = sockets / (CONVERSATIONS * USERS_PER_CONVERSATION)
  const results: Record<string, IdleFigures> = {}
  for (const kind of context.servers) {
    context.log(`idle: ${kind}, ${sockets} sockets`)
    const session = await startSession(kind, context, {
      request: { conversations: CONVERSATIONS, usersPerConversation: USERS_PER_CONVERSATION, socketsPerUser },
      maxSocketsPerUser: socketsPerUser + 8,
    })
    try {
      const before = session.memory.stop().rss
      const plan: SetupSocket[] = session.setup.flatMap((entry) => Array.from({ length: socketsPerUser }, () => entry))
      const started = performance.now()
      await session.openSockets(plan, 32)
      const openMs = performance.now() - started
      await new Promise((resolve) => setTimeout(resolve, SETTLE_MS))
      const after = session.memory.stop()
      results[kind] = {
        sockets,
        rss_at_start_mib: mib(session.rssAtStart),
        rss_after_logins_mib: mib(session.rssAfterSetup),
        open_ms: round(openMs, 0),
        rss_before_mib: mib(before),
        rss_mib: mib(after.rss),
        peak_rss_mib: mib(after.peakRss),
        kib_per_socket: round((after.rss - before) / 1024 / sockets, 1),
      }
    } finally {
      await session.close()
    }
  }
  const parley = results.parley as IdleFigures | undefined
  return {
    scenario: 'idle-2000-sockets',
    quick: context.quick,
    params: { sockets, users: CONVERSATIONS * USERS_PER_CONVERSATION, settle_ms: SETTLE_MS },
    results,
    targets: parley
      ? [{ ...below(`parley server RSS with ${sockets} idle sockets`, parley.rss_mib, 150, 'MiB'), detail: idleDetail(results) }]
      : [],
  }
}

interface IdleFigures {
  sockets: number
  rss_at_start_mib: number
  rss_after_logins_mib: number
  open_ms: number
  rss_before_mib: number
  rss_mib: number
  peak_rss_mib: number
  kib_per_socket: number
}

function idleDetail(results: Record<string, IdleFigures>): string {
  const p = results.parley as IdleFigures
  const base = results.baseline ? `; baseline ${results.baseline.rss_mib} MiB` : ''
  return `start ${p.rss_at_start_mib}, after logins ${p.rss_after_logins_mib}, ${p.kib_per_socket} KiB/socket${base}`
}
