// A Parley cluster under test: N server processes (the same bench entry as every other
// scenario) on one fresh PostgreSQL database, one private Redis as their bus and one shared
// folder, plus the CPU time of every part: nodes, PostgreSQL (postmaster and backends) and
// Redis, so a figure per CPU-second can count the whole cluster and not only its nodes.
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
  const root = await mkdtemp(join(options.tmpRoot, `cluster${options.size}-`))
  const database = await postgres.freshDatabase()
  const postmaster = Number((await readFile(join(postgres.dataDir, 'postmaster.pid'), 'utf8')).split('\n')[0])
  let redis: RedisInstance | null = null
  const nodes: ServerProcess[] = []
  const close = async (): Promise<void> => {
    for (const node of nodes) await node.close()
    await redis?.close()
    await rm(root, { recursive: true, force: true })
  }
  try {
    redis = await startRedis()
    const cluster = { database, bus: redis.url, sharedDir: join(root, 'shared') }
    // One at a time: the first runs the migrations, the others find them done.
    for (let i = 0; i < options.size; i++) {
      nodes.push(await startServerProcess('parley', {
        launch: { dataDir: join(root, `node${i}`), maxSocketsPerUser: options.maxSocketsPerUser, cluster },
        profileDir: options.profileDir,
      }))
    }
  } catch (error) {
    await close()
    throw error
  }
  const redisPid = redis.pid()
  return {
    nodes,
    cpu: () => ({
      nodes: nodes.reduce((sum, node) => sum + readProcCpuMs(node.pid), 0),
      postgres: readProcTreeCpuMs(postmaster),
      redis: redisPid === null ? Number.NaN : readProcCpuMs(redisPid),
    }),
    close,
  }
}

export function cpuSince(now: ClusterCpu, before: ClusterCpu): ClusterCpu {
  return { nodes: now.nodes - before.nodes, postgres: now.postgres - before.postgres, redis: now.redis - before.redis }
}
