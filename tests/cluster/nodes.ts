/**
 * A Parley cluster for tests: a private PostgreSQL database, a private redis-server, a shared
 * folder, and N server processes started with the real CLI (`serve --database … --bus …
 * --media …`), each a plain Node process that SIGKILL ends at once.
 *
 *   const cluster = await startCluster(3)
 *   const node = cluster.nodes[0]      // node.url, node.wsUrl, node.request(path, …)
 *   node.kill()                        // SIGKILL: no goodbye
 *   await cluster.stop()
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Agent, fetch } from 'undici'
import { withServerProcessEnv } from '../../src-main/server/server-process-env'
import { startPostgres, type PostgresServer } from '../support/postgres'
import { startRedis, type RedisInstance } from '../support/redis'

/**
 * A connection per request: a kept-alive connection that a node closes as idle just as a
 * request goes out on it fails that request, and a POST (a sign-in) cannot be sent again.
 * (undici: pipelining 0 disables keep-alive.)
 */
const ONE_CONNECTION_PER_REQUEST = new Agent({ pipelining: 0 })

export interface Response<T = any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  status: number
  body: T
}

export interface ClusterNode {
  readonly index: number
  readonly url: string
  readonly wsUrl: string
  /** The process's stderr so far (its logs). */
  logs(): string
  request<T = any>(path: string, options?: { method?: string; token?: string; body?: unknown }): Promise<Response<T>> // eslint-disable-line @typescript-eslint/no-explicit-any
  /** SIGKILL, and resolves once the process is gone. */
  kill(): Promise<void>
  readonly alive: boolean
}

export interface TestCluster {
  readonly nodes: ClusterNode[]
  readonly databaseUrl: string
  readonly redis: RedisInstance
  readonly sharedDir: string
  stop(): Promise<void>
}

export async function startCluster(count: number): Promise<TestCluster> {
  const root = mkdtempSync(join(tmpdir(), 'parley-cluster-'))
  let postgres: PostgresServer | null = null
  let redis: RedisInstance | null = null
  const children: ChildProcess[] = []
  const stop = async (): Promise<void> => {
    await Promise.all(children.map((child) => stopChild(child)))
    await redis?.close()
    postgres?.stop()
    rmSync(root, { recursive: true, force: true })
  }
  try {
    postgres = await startPostgres()
    redis = await startRedis()
    const databaseUrl = await postgres.freshDatabase()
    const sharedDir = join(root, 'shared')
    const nodes: ClusterNode[] = []
    // One after another: the first creates the schema and the shared secret, as an operator's first node would.
    for (let index = 0; index < count; index += 1) {
      const started = await startNode(index, join(root, `node${index}`), databaseUrl, redis.url, sharedDir)
      children.push(started.child)
      nodes.push(started.node)
    }
    return { nodes, databaseUrl, redis, sharedDir, stop }
  } catch (error) {
    await stop()
    throw error
  }
}

async function startNode(index: number, dataDir: string, database: string, bus: string, sharedDir: string) {
  const child = spawn(process.execPath, [
    '--import', 'tsx', 'src-main/server/cli.ts', 'serve',
    '--host', '127.0.0.1', '--port', '0', '--tls', 'off', '--no-advertise', '--registration', 'open', '--log-level', 'warn',
    '--data', dataDir, '--database', database, '--bus', bus, '--media', sharedDir,
  ], { env: withServerProcessEnv(process.env), stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stderr?.on('data', (chunk: Buffer) => { stderr += chunk.toString() })
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`node ${index} did not start within 60 s: ${stderr}`)), 60_000)
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString()
      const match = /Parley server running at (\S+)/.exec(stdout)
      if (match?.[1]) {
        clearTimeout(timer)
        resolve(match[1])
      }
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`node ${index} exited with ${code}: ${stderr}`))
    })
  })
  const node: ClusterNode = {
    index,
    url,
    wsUrl: url.replace(/^http/, 'ws'),
    logs: () => stderr,
    get alive() {
      return child.exitCode === null && child.signalCode === null
    },
    async request(path, { method = 'GET', token, body } = {}) {
      const headers: Record<string, string> = {}
      if (token) headers.authorization = `Bearer ${token}`
      if (body !== undefined) headers['content-type'] = 'application/json'
      const res = await fetch(`${url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), dispatcher: ONE_CONNECTION_PER_REQUEST })
      const text = await res.text()
      let parsed: unknown = text
      try { parsed = JSON.parse(text) } catch { /* not JSON: keep the text */ }
      return { status: res.status, body: parsed as never }
    },
    async kill() {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
      child.kill('SIGKILL')
      await exited
    },
  }
  return { child, node }
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  child.kill('SIGTERM')
  const forced = setTimeout(() => child.kill('SIGKILL'), 10_000)
  await exited
  clearTimeout(forced)
}
