/**
 * A private redis-server for tests and benchmarks: its own free port on 127.0.0.1 and its
 * own temp folder, nothing saved to disk (`--save '' --appendonly no`), stopped at the end.
 * Nothing depends on a system Redis being up.
 *
 *   const redis = await startRedis()
 *   redis.url                // redis://127.0.0.1:<port>
 *   await redis.stop()       // an outage: the port stays reserved for …
 *   await redis.start()      // … the same server again, empty
 *   await redis.close()      // stop for good, temp folder removed
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort } from './free-port'

const REDIS_SERVER = '/usr/bin/redis-server'

export interface RedisInstance {
  readonly url: string
  readonly port: number
  /** Starts the server again on the same port (after stop()); empty, as nothing is saved. */
  start(): Promise<void>
  /** Stops the server (SIGTERM) and waits for it to exit; the instance can be started again. */
  stop(): Promise<void>
  /** Stops it and removes its folder. */
  close(): Promise<void>
  /** The running server's process id (the benchmarks read its CPU time), null when stopped. */
  pid(): number | null
}

export async function startRedis(): Promise<RedisInstance> {
  if (!existsSync(REDIS_SERVER)) throw new Error(`redis-server is not installed (${REDIS_SERVER}): apt-get install redis-server, as .ci/run does`)
  const dir = mkdtempSync(join(tmpdir(), 'parley-redis-'))
  const port = await freePort()
  let child: ChildProcess | null = null

  const start = async (): Promise<void> => {
    if (child) return
    const started = spawn(REDIS_SERVER, [
      '--port', String(port), '--bind', '127.0.0.1', '--dir', dir,
      '--save', '', '--appendonly', 'no', '--daemonize', 'no', '--loglevel', 'warning',
    ], { stdio: ['ignore', 'ignore', 'pipe'] })
    let stderr = ''
    started.stderr?.on('data', (chunk: Buffer) => { stderr += chunk.toString() })
    // A failed spawn is said in the error below, not thrown unhandled out of the test run.
    started.once('error', (error) => { stderr += `could not start: ${error.message}` })
    child = started
    try {
      await waitForPort(port, started, () => stderr)
    } catch (error) {
      started.kill('SIGKILL')
      child = null
      throw error
    }
  }

  const stop = async (): Promise<void> => {
    const running = child
    if (!running) return
    child = null
    if (running.exitCode !== null || running.signalCode !== null) return
    const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()))
    running.kill('SIGTERM')
    await exited
  }

  await start()
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    start,
    stop,
    pid: () => child?.pid ?? null,
    close: async () => {
      await stop()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** Resolves once the port accepts connections; rejects if the process exits first or after 10 s. */
async function waitForPort(port: number, child: ChildProcess, stderr: () => string): Promise<void> {
  const deadline = Date.now() + 10_000
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`redis-server exited with ${child.exitCode}: ${stderr()}`)
    if (await accepts(port)) return
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
  throw new Error(`redis-server did not listen on ${port} within 10 s: ${stderr()}`)
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1')
    socket.once('connect', () => { socket.destroy(); resolve(true) })
    socket.once('error', () => resolve(false))
  })
}
