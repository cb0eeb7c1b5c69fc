// A Parley cluster under test: N server processes (the same bench entry as every other
// scenario) on one fresh PostgreSQL database, one private Redis as their bus and one shared
// folder, plus the CPU time of every part: nodes, PostgreSQL (postmaster and backends) and
// Redis, so a figure per CPU-second can count the whole cluster and not only its nodes.
// Beside it, its floor: N baseline processes relaying over a private Redis, nothing else.
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { startRedis, type RedisInstance } from '../../support/redis'
import type { PostgresServer } from '../../support/postgres'
import { readProcCpuMs, readProcTreeCpuMs } from './proc-cpu'
import { startServerProcess, type ServerProcess } from './server-process'

export interface ClusterCpu {
  nodes: number
  postgres: number
  redis: number
}

export interface ClusterUnderTest {
  nodes: ServerProcess[]
  /** CPU milliseconds used so far by each part (subtract two readings for a phase). */
  cpu(): ClusterCpu
  close(): Promise<void>
}

export interface ClusterOptions {
  size: number
  tmpRoot: string
  maxSocketsPerUser: number
  profileDir?: string
}

export async function startCluster(postgres: PostgresServer, options: ClusterOptions): Promise<ClusterUnderTest> {
  const database = await postgres.freshDatabase()
  const postmaster = Number((await readFile(join(postgres.dataDir, 'postmaster.pid'), 'utf8')).split('\n')[0])
  return startOnRedis(`cluster${options.size}-`, options, () => readProcTreeCpuMs(postmaster), (root, bus, index) => startServerProcess('parley', {
    launch: { dataDir: join(root, `node${index}`), maxSocketsPerUser: options.maxSocketsPerUser, cluster: { database, bus, sharedDir: join(root, 'shared') } },
    profileDir: options.profileDir,
  }))
}

/** N bare baseline processes relaying each message through their Redis (servers/baseline-relay.ts). */
export async function startRelayCluster(options: Omit<ClusterOptions, 'maxSocketsPerUser'>): Promise<ClusterUnderTest> {
  return startOnRedis(`relay${options.size}-`, options, () => 0, (root, bus) => startServerProcess('baseline', {
    launch: { dataDir: root, maxSocketsPerUser: 0, relay: { bus } },
    profileDir: options.profileDir,
  }))
}

/** A private Redis and `options.size` processes from `startNode`, started one at a time (a Parley cluster's first node runs the migrations). */
async function startOnRedis(
  prefix: string,
  options: Pick<ClusterOptions, 'size' | 'tmpRoot'>,
  postgresCpu: () => number,
  startNode: (root: string, bus: string, index: number) => Promise<ServerProcess>,
): Promise<ClusterUnderTest> {
  const root = await mkdtemp(join(options.tmpRoot, prefix))
  let redis: RedisInstance | null = null
  const nodes: ServerProcess[] = []
  const close = async (): Promise<void> => {
    for (const node of nodes) await node.close()
    await redis?.close()
    await rm(root, { recursive: true, force: true })
  }
  try {
    redis = await startRedis()
    for (let i = 0; i < options.size; i++) nodes.push(await startNode(root, redis.url, i))
  } catch (error) {
    await close()
    throw error
  }
  const redisPid = redis.pid()
  return {
    nodes,
    cpu: () => ({
      nodes: nodes.reduce((sum, node) => sum + readProcCpuMs(node.pid), 0),
      postgres: postgresCpu(),
      redis: redisPid === null ? Number.NaN : readProcCpuMs(redisPid),
    }),
    close,
  }
}

export function cpuSince(now: ClusterCpu, before: ClusterCpu): ClusterCpu {
  return { nodes: now.nodes - before.nodes, postgres: now.postgres - before.postgres, redis: now.redis - before.redis }
}
