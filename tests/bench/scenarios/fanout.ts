// Fan-out scenarios (issue 2): chat messages broadcast to every socket of a conversation,
// measured against Parley and the bare `ws` baseline in the same run, and Parley over TLS
// (wss, issue 8) next to plain Parley.
import { probeFsync } from '../harness/disk-probe'
import { withCpu } from '../harness/proc-cpu'
import { atLeast, atMost, type ScenarioReport, type TargetCheck } from '../harness/report'
import { mib, round } from '../harness/stats'
import { runFanout, type FanoutPlan, type FanoutResult, type Pacing } from '../load/fanout'
import type { ServerKind } from '../servers/ipc'
import type { Scenario, ScenarioContext } from './scenario'
import { startSession, type Session, type SessionSocket } from './session'

interface FanoutShape {
  clients: number
  conversations: number
  messages: number
  pacing: Pacing
}

const WARMUP_MESSAGES = 300
/** Rounds measured per server; the median round is reported (runs are short and the machine is shared). */
const ROUNDS = 3
const LOSS_TIMEOUT_MS = 5_000

export function fanoutScenarios(): Scenario[] {
  return [
    closedLoop('fanout-50c-10conv', { clients: 50, conversations: 10, messages: 2_000 }, { messages: 500 }),
    closedLoop('fanout-200c-20conv', { clients: 200, conversations: 20, messages: 5_000 }, { messages: 1_000 }),
    {
      name: 'fanout-offered-100mps',
      describe: '50 clients / 10 conversations, open loop at 100 messages/s: latency',
      run: (context) =>
        runFanoutScenario('fanout-offered-100mps', context, {
          clients: 50,
          conversations: 10,
          messages: context.quick ? 300 : 2_000,
          pacing: { kind: 'open', messagesPerSecond: 100 },
        }),
    },
  ]
}

function closedLoop(name: string, full: Omit<FanoutShape, 'pacing'>, quick: { messages: number }): Scenario {
  return {
    name,
    describe: `${full.clients} clients / ${full.conversations} conversations / ${full.messages} messages, ≤ 50 in flight`,
    run: (context) =>
      runFanoutScenario(name, context, {
        ...full,
        messages: context.quick ? quick.messages : full.messages,
        pacing: { kind: 'closed', maxInFlight: 50 },
      }),
  }
}

/** A round and the server's CPU time during it. */
type RoundResult = FanoutResult & { server_cpu_ms: number }

interface ServerFanout {
  median: FanoutResult
  /** Messages per second of server CPU (user + system), median over rounds: steadier than wall-clock rates on a shared machine. */
  messages_per_server_cpu_s: number
  rounds: Array<Pick<FanoutResult, 'messages_per_s' | 'lost' | 'errors'> & { p99_ms: number; server_cpu_ms: number }>
  lost_total: number
  errors_total: number
  server_peak_rss_mib: number
}

async function runFanoutScenario(name: string, context: ScenarioContext, shape: FanoutShape): Promise<ScenarioReport> {
  const results = await measureServers(name, context, shape)
  // Latency runs carry the disk's fsync time: Parley broadcasts only after its commit is synced.
  const disk = shape.pacing.kind === 'open' ? { disk_fsync: await probeFsync(context.tmpRoot) } : {}
  return {
    scenario: name,
    quick: context.quick,
    params: { ...shape, rounds: ROUNDS, warmup_messages: WARMUP_MESSAGES },
    results: { ...results, ...disk },
    targets: [...fanoutTargets(shape, results.parley, results.baseline), ...tlsTargets(shape, results.parley, results['parley-tls'])],
  }
}

/**
 * Both servers run side by side and their rounds alternate (baseline, parley, baseline…):
 * the machine is shared, and interleaving keeps a burst of outside load from landing on
 * one server's rounds only. Only one server is under load at any moment.
 */
async function measureServers(name: string, context: ScenarioContext, shape: FanoutShape): Promise<Record<string, ServerFanout>> {
  const usersPerConversation = shape.clients / shape.conversations
  const sessions = new Map<ServerKind, Session>()
  try {
    const sockets = new Map<ServerKind, SessionSocket[]>()
    for (const kind of context.servers) {
      context.log(`${name}: starting ${kind}, ${shape.clients} sockets`)
      const session = await startSession(kind, context, { request: { conversations: shape.conversations, usersPerConversation, socketsPerUser: 1 } })
      sessions.set(kind, session)
      sockets.set(kind, await session.openSockets(session.setup))
    }
    const plan = (messages: number, pacing: Pacing, tag: string): FanoutPlan => ({ messages, pacing, lossTimeoutMs: LOSS_TIMEOUT_MS, tag })
    for (const [kind, open] of sockets) {
      context.log(`${name}: warm-up ${kind}`)
      await runFanout(open, plan(WARMUP_MESSAGES, { kind: 'closed', maxInFlight: 50 }, 'w'))
    }
    const rounds = new Map<ServerKind, RoundResult[]>([...sockets.keys()].map((kind) => [kind, []]))
    const stops = await Promise.all([...sessions.values()].map((session) => session.server.profile(name)))
    for (let round = 0; round < ROUNDS; round++) {
      for (const [kind, open] of sockets) {
        context.log(`${name}: round ${round + 1}/${ROUNDS} ${kind}`)
        const pid = sessions.get(kind)!.server.pid
        const { value, cpuMs } = await withCpu(pid, () => runFanout(open, plan(shape.messages, shape.pacing, `r${round}`)))
        rounds.get(kind)!.push({ ...value, server_cpu_ms: cpuMs })
      }
    }
    for (const stop of stops) await stop()
    const results: Record<string, ServerFanout> = {}
    for (const [kind, session] of sessions) results[kind] = summarize(rounds.get(kind)!, shape.pacing, session.memory.stop().peakRss)
    return results
  } finally {
    for (const session of sessions.values()) await session.close()
  }
}

function summarize(rounds: RoundResult[], pacing: Pacing, peakRss: number): ServerFanout {
  // Closed loop: the round with the median throughput. Open loop: the median p99.
  const key = (r: FanoutResult): number => (pacing.kind === 'closed' ? r.messages_per_s : -r.latency.p99_ms)
  const sorted = [...rounds].sort((a, b) => key(a) - key(b))
  const perCpu = rounds.map((r) => (r.server_cpu_ms > 0 ? r.messages / (r.server_cpu_ms / 1000) : Number.NaN)).sort((a, b) => a - b)
  const { server_cpu_ms: _cpu, ...median } = sorted[Math.floor(sorted.length / 2)] as RoundResult
  return {
    median,
    messages_per_server_cpu_s: round(perCpu[Math.floor(perCpu.length / 2)] as number, 0),
    rounds: rounds.map((r) => ({ messages_per_s: r.messages_per_s, p99_ms: r.latency.p99_ms, lost: r.lost, errors: r.errors, server_cpu_ms: r.server_cpu_ms })),
    lost_total: rounds.reduce((sum, r) => sum + r.lost + r.duplicates + r.misrouted, 0),
    errors_total: rounds.reduce((sum, r) => sum + r.errors, 0),
    server_peak_rss_mib: mib(peakRss),
  }
}

/** Issue 8: TLS may cost at most 20% of messages/s; nothing lost over TLS either. */
function tlsTargets(shape: FanoutShape, plain: ServerFanout | undefined, tls: ServerFanout | undefined): TargetCheck[] {
  if (!tls) return []
  const checks: TargetCheck[] = []
  if (plain && shape.pacing.kind === 'closed') {
    checks.push({
      ...atLeast('parley-tls msgs/s ÷ parley msgs/s', round(tls.median.messages_per_s / plain.median.messages_per_s, 3), 0.8, ''),
      detail: `${tls.median.messages_per_s} vs ${plain.median.messages_per_s} msgs/s; per server CPU-s ${tls.messages_per_server_cpu_s} vs ${plain.messages_per_server_cpu_s}`,
    })
  } else if (plain) {
    checks.push({
      ...atMost('parley-tls p99 latency at 100 msgs/s', tls.median.latency.p99_ms, 3, 'ms'),
      detail: `p50 ${tls.median.latency.p50_ms} ms; plain p50 ${plain.median.latency.p50_ms} / p99 ${plain.median.latency.p99_ms} ms`,
    })
  }
  checks.push(atMost('parley-tls lost + duplicated + misrouted (all rounds)', tls.lost_total, 0, ''))
  return checks
}

function fanoutTargets(shape: FanoutShape, parley: ServerFanout | undefined, baseline: ServerFanout | undefined): TargetCheck[] {
  const checks: TargetCheck[] = []
  if (!parley) return checks
  if (shape.pacing.kind === 'closed') {
    if (!baseline) return checks
    const ratio = round(parley.median.messages_per_s / baseline.median.messages_per_s, 3)
    checks.push({
      ...atLeast('parley msgs/s ÷ baseline msgs/s', ratio, 0.7, ''),
      detail: `${parley.median.messages_per_s} vs ${baseline.median.messages_per_s} msgs/s; per server CPU-s ${parley.messages_per_server_cpu_s} vs ${baseline.messages_per_server_cpu_s}`,
    })
  } else {
    checks.push({
      ...atMost('parley p99 latency at 100 msgs/s', parley.median.latency.p99_ms, 3, 'ms'),
      detail: `p50 ${parley.median.latency.p50_ms} ms; baseline p50 ${baseline?.median.latency.p50_ms ?? '-'} / p99 ${baseline?.median.latency.p99_ms ?? '-'} ms`,
    })
  }
  checks.push(atMost('parley lost + duplicated + misrouted (all rounds)', parley.lost_total, 0, ''))
  checks.push(atMost('parley error frames (all rounds)', parley.errors_total, 0, ''))
  return checks
}
