// Cluster scenarios (issue 12): Parley nodes on PostgreSQL with a Redis bus.
//  - cluster-fanout: the fan-out load of fanout-50c-10conv on one SQLite node and on
//    clusters of 1, 2 and 3 nodes, each conversation's sockets spread over the nodes, rounds
//    interleaved. The cluster's cost per message counts every process it needs (nodes,
//    PostgreSQL, Redis) against one SQLite node's: at most 30% more. Beside them, the same
//    for the bare baseline (one process, and 1, 2, 3 relaying over Redis): what the
//    topology alone costs on this machine, with no server work at all. Two loads: the same
//    total (50 clients, 50 messages in flight, as on the single node: each of N nodes
//    batches a 1/N share), and the same load per node (50 clients and 50 in flight per
//    node: what a cluster is for), with N independent SQLite nodes side by side at that
//    load as its control (the cluster's cost is also checked against it: the same bound,
//    with what sharing two cores costs taken out). Every process is warmed first: the
//    figures are steady state.
//  - cluster-idle-20000: 20,000 idle chat sockets over three nodes; each node's RSS.
// All processes share this machine's two cores with the load clients, so messages/s of
// a bigger cluster is lower here than on separate machines: the CPU figures are the ones
// that carry over (docs/scaling.md extrapolates from them).
import { fork, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { startPostgres } from '../../support/postgres'
import { cpuSince, startCluster, startRelayCluster, type ClusterCpu, type ClusterUnderTest } from '../harness/cluster'
import { readProcCpuMs } from '../harness/proc-cpu'
import type { ServerProcess } from '../harness/server-process'
import { readProcMemory } from '../harness/proc-memory'
import { atMost, type ScenarioReport, type TargetCheck } from '../harness/report'
import { mib, round } from '../harness/stats'
import { tokensFor } from '../load/auth'
import { closeAll, openChatSocket, openMany } from '../load/chat-socket'
import { runFanout, type FanoutPlan, type FanoutResult } from '../load/fanout'
import type { FromHolder, HeldSocket, ToHolder } from '../load/socket-holder'
import type { SetupSocket } from '../servers/ipc'
import type { Scenario, ScenarioContext } from './scenario'
import { startSession, type Session, type SessionSocket } from './session'

const CLIENTS = 50
const CONVERSATIONS = 10
/**
 * Unmeasured rounds of every load first. Each process compiles its hot paths as they warm
 * (TurboFan on a helper thread, counted in its CPU): after one short warm-up, compiling was
 * still up to half of a cluster node's CPU in the first measured round, and a cluster node
 * has more code to warm (pg, ioredis, the envelope checks) than a SQLite node. A server runs
 * for days: the figure that carries over is the warm one.
 */
const WARMUP_ROUNDS = 3
const ROUNDS = 5
const LOSS_TIMEOUT_MS = 5_000
/** Messages in flight on one process (the single node's load; fanout-50c's). */
const IN_FLIGHT = 50
/** The bound: the cluster's cost per message at most 30% above one SQLite node's. */
const MAX_COST_RATIO = 1.3
const CLUSTER_SIZES = [1, 2, 3] as const

export function clusterScenarios(): Scenario[] {
  return [
    { name: 'cluster-fanout', describe: `${CLIENTS} clients / ${CONVERSATIONS} conversations on 1 SQLite node and 1, 2, 3 PostgreSQL+Redis nodes (and the bare baseline the same ways)`, run: clusterFanout },
    { name: 'cluster-idle-20000', describe: '20,000 idle chat sockets over 3 cluster nodes: RSS per node', run: clusterIdle },
  ]
}

/** One way of serving the load: SQLite nodes or a cluster, and the loads it runs. */
interface Setup {
  name: string
  loads: Load[]
  /** Its server processes (for --profile). */
  servers: ServerProcess[]
  close(): Promise<void>
}

/** A load a setup runs: `scale` × IN_FLIGHT messages in flight over these sockets, and the CPU meter of the processes serving them. */
interface Load {
  /** The results key. */
  name: string
  scale: number
  sockets: SessionSocket[]
  cpu(): ClusterCpu
}

interface RoundFigures {
  fanout: FanoutResult
  cpu: ClusterCpu
}

interface SetupFigures {
  median: FanoutResult
  /** Messages per CPU-second of the Parley processes only, median over rounds. */
  messages_per_node_cpu_s: number
  /** Messages per CPU-second of everything the setup runs on (nodes + PostgreSQL + Redis), median over rounds. */
  messages_per_total_cpu_s: number
  /** CPU per message, split by part (median round by total), microseconds. */
  cpu_us_per_message: { nodes: number; postgres: number; redis: number; total: number }
  /** In run order: round r of every load ran within seconds of each other (interleaved). */
  rounds: Array<{ messages_per_s: number; p99_ms: number; lost: number; cpu_ms: ClusterCpu; cpu_us_per_message: number }>
  lost_total: number
  errors_total: number
}

async function clusterFanout(context: ScenarioContext): Promise<ScenarioReport> {
  const messages = context.quick ? 500 : 2_000
  const postgres = await startPostgres()
  const setups: Setup[] = []
  try {
    setups.push(await sqliteSetup(context, Math.max(...CLUSTER_SIZES)))
    for (const size of CLUSTER_SIZES) {
      setups.push(await spreadSetup(context, `cluster-${size}`, size, () => startCluster(postgres, { size, tmpRoot: context.tmpRoot, maxSocketsPerUser: 16, profileDir: context.profileDir })))
    }
    setups.push(await singleSetup(context, 'baseline', 'ws-1'))
    for (const size of CLUSTER_SIZES) {
      setups.push(await spreadSetup(context, `ws-relay-${size}`, size, () => startRelayCluster({ size, tmpRoot: context.tmpRoot, profileDir: context.profileDir })))
    }
    const plan = (count: number, tag: string, scale = 1): FanoutPlan =>
      ({ messages: count * scale, pacing: { kind: 'closed', maxInFlight: IN_FLIGHT * scale }, lossTimeoutMs: LOSS_TIMEOUT_MS, tag })
    const loads = setups.flatMap((setup) => setup.loads)
    const rounds = new Map<string, RoundFigures[]>(loads.map((load) => [load.name, []]))
    const runRounds = async (count: number, label: string, measure: boolean): Promise<void> => {
      // Interleaved, like fanout-*: a burst of outside load cannot land on one setup's rounds only.
      for (let r = 0; r < count; r++) {
        for (const { cpu, scale, name, sockets } of loads) {
          context.log(`cluster-fanout: ${label} ${r + 1}/${count} ${name}`)
          const before = cpu()
          const fanout = await runFanout(sockets, plan(messages, `${label[0]}${r}x${scale}`, scale))
          if (measure) rounds.get(name)!.push({ fanout, cpu: cpuSince(cpu(), before) })
        }
      }
    }
    await runRounds(WARMUP_ROUNDS, 'warm-up', false)
    const stops = await Promise.all(setups.flatMap((setup) => setup.servers.map((server, i) => server.profile(`cluster-fanout-${setup.name}-node${i}`))))
    await runRounds(ROUNDS, 'round', true)
    for (const stop of stops) await stop()
    const results: Record<string, SetupFigures> = {}
    for (const [name, figures] of rounds) results[name] = summarize(figures)
    return {
      scenario: 'cluster-fanout',
      quick: context.quick,
      params: { clients: CLIENTS, conversations: CONVERSATIONS, messages, rounds: ROUNDS, warmup_rounds: WARMUP_ROUNDS, in_flight: IN_FLIGHT, per_node_load: 'clients, conversations, messages and in_flight × nodes' },
      results,
      targets: fanoutTargets(results),
    }
  } finally {
    for (const setup of setups) await setup.close()
    postgres.stop()
  }
}

/** One process: a SQLite Parley node, or the bare baseline. */
async function singleSetup(context: ScenarioContext, kind: 'parley' | 'baseline', name: string): Promise<Setup> {
  context.log(`cluster-fanout: starting ${name}`)
  const session: Session = await startSession(kind, context, { request: { conversations: CONVERSATIONS, usersPerConversation: CLIENTS / CONVERSATIONS, socketsPerUser: 1 } })
  const sockets = await session.openSockets(session.setup)
  const pid = session.server.pid
  const cpu = (): ClusterCpu => ({ nodes: readProcCpuMs(pid), postgres: 0, redis: 0 })
  return { name, loads: [{ name, scale: 1, sockets, cpu }], servers: [session.server], close: () => session.close() }
}

/**
 * `count` SQLite nodes that know nothing of each other, each with its own 50 clients. The
 * first alone is the single node (sqlite-1). The first N together, each at the single
 * node's load, are the control of a cluster of N at the same load per node: what N single
 * servers cost per message when they share this machine the way a cluster's processes
 * do. The conversation ids of node k are offset so the load keeps the nodes apart.
 */
async function sqliteSetup(context: ScenarioContext, count: number): Promise<Setup> {
  const singles: Setup[] = []
  try {
    for (let k = 0; k < count; k++) singles.push(await singleSetup(context, 'parley', k === 0 ? 'sqlite-1' : `sqlite side by side ${k + 1}`))
  } catch (error) {
    for (const single of singles) await single.close()
    throw error
  }
  const own = singles.map((single, k) => ({
    ...single.loads[0]!,
    sockets: single.loads[0]!.sockets.map((socket) => ({ ...socket, conversationId: socket.conversationId + k * SIDE_BY_SIDE_ID_OFFSET })),
  }))
  const sideBySide = (size: number): Load => {
    const name = perNodeLoad(`sqlite-${size}-side-by-side`)
    const nodes = own.slice(0, size)
    const cpu = (): ClusterCpu => ({ nodes: nodes.reduce((sum, node) => sum + node.cpu().nodes, 0), postgres: 0, redis: 0 })
    return { name, scale: size, sockets: nodes.flatMap((node) => node.sockets), cpu }
  }
  return {
    name: 'sqlite',
    loads: [own[0]!, ...CLUSTER_SIZES.filter((size) => size > 1 && size <= count).map(sideBySide)],
    servers: singles.flatMap((single) => single.servers),
    close: async () => {
      for (const single of singles) await single.close()
    },
  }
}

/** Above any conversation id a bench node makes. */
const SIDE_BY_SIDE_ID_OFFSET = 1_000_000

/**
 * Several processes on one bus (a Parley cluster, or relaying baselines) with 50 clients per
 * process, socket i on process i mod size: every conversation has members on every one. Two
 * loads: the single node's (its 50 clients, 50 in flight: each process batches a 1/N share)
 * and the same per process (every client, 50 in flight per process). A cluster carries more
 * people, not busier ones: one client at N times the rate would also pass its own rate limit.
 */
async function spreadSetup(context: ScenarioContext, name: string, size: number, start: () => Promise<ClusterUnderTest>): Promise<Setup> {
  context.log(`cluster-fanout: starting ${name}`)
  const cluster = await start()
  const opened: SessionSocket[] = []
  try {
    const { sockets: plan } = await cluster.nodes[0]!.setup({ conversations: CONVERSATIONS * size, usersPerConversation: CLIENTS / CONVERSATIONS, socketsPerUser: 1 })
    const tokens = await tokensFor(cluster.nodes[0]!, plan)
    await openMany(plan.length, 16, async (i) => {
      const entry = plan[i] as SetupSocket
      const node = cluster.nodes[i % cluster.nodes.length]!
      const { ws, hello } = await openChatSocket(node.url, entry.conversationId, tokens.get(entry.userId) as string)
      opened[i] = { ws, hello, conversationId: entry.conversationId, userId: entry.userId }
    })
  } catch (error) {
    await closeAll(opened.filter(Boolean).map((s) => s.ws))
    await cluster.close()
    throw error
  }
  const firstConversations = new Set([...new Set(opened.map((socket) => socket.conversationId))].slice(0, CONVERSATIONS))
  const cpu = (): ClusterCpu => cluster.cpu()
  const singleNodeLoad: Load = { name, scale: 1, sockets: opened.filter((socket) => firstConversations.has(socket.conversationId)), cpu }
  return {
    name,
    loads: size === 1 ? [singleNodeLoad] : [singleNodeLoad, { name: perNodeLoad(name), scale: size, sockets: opened, cpu }],
    servers: cluster.nodes,
    close: async () => {
      await closeAll(opened.map((s) => s.ws))
      await cluster.close()
    },
  }
}

/** The middle value by `key` (the upper of the two middle ones for an even count). */
function median<T>(values: readonly T[], key: (v: T) => number): T {
  return [...values].sort((a, b) => key(a) - key(b))[Math.floor(values.length / 2)] as T
}

function summarize(rounds: RoundFigures[]): SetupFigures {
  const total = (cpu: ClusterCpu): number => cpu.nodes + cpu.postgres + cpu.redis
  const perCpu = (pick: (cpu: ClusterCpu) => number): number => {
    const r = median(rounds, (x) => x.fanout.messages / pick(x.cpu))
    return round(r.fanout.messages / (pick(r.cpu) / 1000), 0)
  }
  const byTotal = median(rounds, (x) => total(x.cpu) / x.fanout.messages)
  const us = (ms: number): number => round((ms * 1000) / byTotal.fanout.messages, 1)
  return {
    median: median(rounds, (x) => x.fanout.messages_per_s).fanout,
    messages_per_node_cpu_s: perCpu((cpu) => cpu.nodes),
    messages_per_total_cpu_s: perCpu(total),
    cpu_us_per_message: { nodes: us(byTotal.cpu.nodes), postgres: us(byTotal.cpu.postgres), redis: us(byTotal.cpu.redis), total: us(total(byTotal.cpu)) },
    rounds: rounds.map((x) => ({
      messages_per_s: x.fanout.messages_per_s, p99_ms: x.fanout.latency.p99_ms, lost: x.fanout.lost, cpu_ms: x.cpu,
      cpu_us_per_message: round((total(x.cpu) * 1000) / x.fanout.messages, 1),
    })),
    lost_total: rounds.reduce((sum, x) => sum + x.fanout.lost + x.fanout.duplicates + x.fanout.misrouted, 0),
    errors_total: rounds.reduce((sum, x) => sum + x.fanout.errors, 0),
  }
}

function fanoutTargets(results: Record<string, SetupFigures>): TargetCheck[] {
  const sqlite = results['sqlite-1']
  const bare = results['ws-1']
  const checks: TargetCheck[] = []
  if (!sqlite) return checks
  // Paired by round, then the median: this machine's speed drifts by half within a run (other
  // tenants), and round r of every setup ran within seconds of the others.
  const costRatio = (one: SetupFigures, many: SetupFigures): number => {
    const ratios = many.rounds.map((r, i) => r.cpu_us_per_message / (one.rounds[i]?.cpu_us_per_message ?? Number.NaN))
    return round(median(ratios, (ratio) => ratio), 2)
  }
  for (const size of CLUSTER_SIZES) {
    const same = (setup: string): string => setup
    const loads = size === 1 ? [{ load: '', key: same }] : [{ load: ', same total load', key: same }, { load: ', same load per node', key: perNodeLoad }]
    for (const { load, key } of loads) {
      const cluster = results[key(`cluster-${size}`)]
      if (!cluster) continue
      const relay = results[key(`ws-relay-${size}`)]
      const floor = bare && relay ? `; floor (bare ws relaying over Redis, ${relay.cpu_us_per_message.total} vs ${bare.cpu_us_per_message.total} µs): ${costRatio(bare, relay)}` : ''
      // Only at the same load per node: N SQLite nodes sharing one node's load is not a setup.
      const sideBySide = results[key(`sqlite-${size}-side-by-side`)]
      const control = sideBySide ? `; ${size} SQLite nodes side by side: ${sideBySide.cpu_us_per_message.total} µs (${costRatio(sqlite, sideBySide)})` : ''
      checks.push({
        ...atMost(`cluster of ${size}${load}: CPU per message ÷ one SQLite node's`, costRatio(sqlite, cluster), MAX_COST_RATIO, ''),
        detail: `${cluster.cpu_us_per_message.total} µs (nodes ${cluster.cpu_us_per_message.nodes}, PostgreSQL ${cluster.cpu_us_per_message.postgres}, Redis ${cluster.cpu_us_per_message.redis}) vs ${sqlite.cpu_us_per_message.total} µs; ${cluster.median.messages_per_s} vs ${sqlite.median.messages_per_s} msgs/s${floor}${control}`,
      })
      // The same bound against its control: what the cluster costs over running its load on
      // independent SQLite nodes on these same two cores (which alone cost more than one).
      if (sideBySide) checks.push(atMost(`cluster of ${size}${load}: CPU per message ÷ ${size} SQLite nodes side by side`, costRatio(sideBySide, cluster), MAX_COST_RATIO, ''))
      checks.push(atMost(`cluster of ${size}${load}: lost + duplicated + misrouted (all rounds)`, cluster.lost_total, 0, ''))
      checks.push(atMost(`cluster of ${size}${load}: error frames (all rounds)`, cluster.errors_total, 0, ''))
    }
  }
  return checks
}

/** The results key of a setup's rounds at the same load per node (IN_FLIGHT on each process). */
function perNodeLoad(setup: string): string {
  return `${setup}/per-node`
}

const IDLE_NODES = 3
const IDLE_CONVERSATIONS = 100
const IDLE_USERS_PER_CONVERSATION = 2
const HOLDERS = 4
const SETTLE_MS = 3_000
const HOLDER_ENTRY = fileURLToPath(new URL('../load/socket-holder.ts', import.meta.url))

async function clusterIdle(context: ScenarioContext): Promise<ScenarioReport> {
  const sockets = context.quick ? 2_000 : 20_000
  const users = IDLE_CONVERSATIONS * IDLE_USERS_PER_CONVERSATION
  const socketsPerUser = sockets / users
  const postgres = await startPostgres()
  const holders: ChildProcess[] = []
  let cluster: ClusterUnderTest | null = null
  try {
    cluster = await startCluster(postgres, { size: IDLE_NODES, tmpRoot: context.tmpRoot, maxSocketsPerUser: socketsPerUser + 8 })
    const nodes = cluster.nodes
    const { sockets: setup } = await nodes[0]!.setup({ conversations: IDLE_CONVERSATIONS, usersPerConversation: IDLE_USERS_PER_CONVERSATION, socketsPerUser })
    const tokens = await tokensFor(nodes[0]!, setup)
    const rssBefore = nodes.map((node) => readProcMemory(node.pid)?.rss ?? Number.NaN)
    // Socket k of the plan goes to node k mod 3, through holder k mod HOLDERS.
    const plan: HeldSocket[] = []
    for (let k = 0; k < sockets; k++) {
      const entry = setup[k % setup.length] as SetupSocket
      plan.push({ url: nodes[k % IDLE_NODES]!.url, conversationId: entry.conversationId, token: tokens.get(entry.userId) as string })
    }
    context.log(`cluster-idle: opening ${sockets} sockets over ${IDLE_NODES} nodes from ${HOLDERS} client processes`)
    const started = performance.now()
    await Promise.all(Array.from({ length: HOLDERS }, (_, h) => {
      const holder = fork(HOLDER_ENTRY, [], { execArgv: process.execArgv, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] })
      holders.push(holder)
      return holderOpens(holder, plan.filter((_, k) => k % HOLDERS === h))
    }))
    const openMs = performance.now() - started
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS))
    const perNode = nodes.map((node, i) => {
      const rss = readProcMemory(node.pid)?.rss ?? Number.NaN
      const count = plan.filter((_, k) => k % IDLE_NODES === i).length
      return { sockets: count, rss_before_mib: mib(rssBefore[i] as number), rss_mib: mib(rss), kib_per_socket: round((rss - (rssBefore[i] as number)) / 1024 / count, 1) }
    })
    const worst = Math.max(...perNode.map((n) => n.rss_mib))
    return {
      scenario: 'cluster-idle-20000',
      quick: context.quick,
      params: { sockets, nodes: IDLE_NODES, users, client_processes: HOLDERS, settle_ms: SETTLE_MS },
      results: { cluster: { open_ms: round(openMs, 0), nodes: perNode } },
      // One node of three holds a third of the sockets; 150 MiB is the single server's bound for 2,000.
      targets: [{ ...atMost(`largest node RSS with ${sockets} sockets over ${IDLE_NODES} nodes`, worst, 600, 'MiB'), detail: perNode.map((n) => `${n.sockets} sockets: ${n.rss_mib} MiB`).join('; ') }],
    }
  } finally {
    for (const holder of holders) holder.send({ type: 'close' } satisfies ToHolder)
    await Promise.all(holders.map((holder) => new Promise((resolve) => (holder.exitCode !== null ? resolve(null) : holder.once('exit', resolve)))))
    await cluster?.close()
    postgres.stop()
  }
}

function holderOpens(holder: ChildProcess, sockets: HeldSocket[]): Promise<void> {
  return new Promise((resolve, reject) => {
    holder.once('message', (message: FromHolder) => (message.type === 'opened' ? resolve() : reject(new Error(`client process: ${message.error}`))))
    holder.once('exit', (code) => reject(new Error(`client process exited (${code}) before its sockets were open`)))
    holder.send({ type: 'open', sockets, concurrency: 16 } satisfies ToHolder)
  })
}
