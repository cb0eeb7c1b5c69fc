// A private PostgreSQL for one test file: Debian's binaries, initdb into a temp folder,
// its own port on 127.0.0.1 and its unix socket in that folder, stopped at the end.
// initdb and postgres refuse to run as root (tests do), so both run as the `postgres`
// system user, which owns the temp folder.
import { execFileSync, spawnSync } from 'node:child_process'
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll } from 'vitest'
import { freePort } from './free-port'

export interface PostgresServer {
  /** The server's address, connected to the `postgres` maintenance database. */
  readonly adminUrl: string
  /** A new, empty database on this server; its URL. */
  freshDatabase(): Promise<string>
  /** The cluster's data folder (its postmaster.pid names the server process: the benchmarks read its CPU time). */
  readonly dataDir: string
  stop(): void
}

const PG_ROOT = '/usr/lib/postgresql'

function binary(name: string): string {
  const versions = readdirSync(PG_ROOT).filter((v) => existsSync(join(PG_ROOT, v, 'bin', name))).sort((a, b) => Number(b) - Number(a))
  if (versions.length === 0) throw new Error(`PostgreSQL's ${name} is not installed under ${PG_ROOT} (apt-get install postgresql)`)
  return join(PG_ROOT, versions[0] as string, 'bin', name)
}

function asPostgres(command: string, args: readonly string[]): void {
  const runAs = process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', command, ...args]] as const : [command, args] as const
  execFileSync(runAs[0], runAs[1], { stdio: 'pipe' })
}

export async function startPostgres(): Promise<PostgresServer> {
  const root = mkdtempSync(join(tmpdir(), 'parley-pg-'))
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim())
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim())
    chownSync(root, uid, gid)
  }
  const data = join(root, 'data')
  const port = await freePort()
  // --no-sync: the cluster is thrown away at the end; trust: only this machine's tests reach it.
  asPostgres(binary('initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--locale=C.UTF-8', '--no-sync'])
  const options = `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=${root} -c max_connections=200`
  asPostgres(binary('pg_ctl'), ['-D', data, '-l', join(root, 'log'), '-o', options, '-w', 'start'])
  let stopped = false
  const stop = (): void => {
    if (stopped) return
    stopped = true
    spawnSync(process.getuid?.() === 0 ? 'runuser' : binary('pg_ctl'),
      process.getuid?.() === 0 ? ['-u', 'postgres', '--', binary('pg_ctl'), '-D', data, '-m', 'immediate', '-w', 'stop'] : ['-D', data, '-m', 'immediate', '-w', 'stop'],
      { stdio: 'ignore' })
    rmSync(root, { recursive: true, force: true })
  }
  // A crashed test file must not leave a server running.
  process.once('exit', stop)
  const base = `postgres://postgres@127.0.0.1:${port}`
  let counter = 0
  return {
    adminUrl: `${base}/postgres`,
    dataDir: data,
    async freshDatabase() {
      counter += 1
      const name = `parley_${process.pid}_${counter}`
      const admin = new pg.Client({ connectionString: `${base}/postgres` })
      await admin.connect()
      try {
        await admin.query(`CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8'`)
      } finally {
        await admin.end()
      }
      return `${base}/${name}`
    },
    stop,
  }
}

/** Starts a server before the file's tests and stops it after them; `server()` is valid inside tests. */
export function usePostgres(): () => PostgresServer {
  let server: PostgresServer | null = null
  beforeAll(async () => { server = await startPostgres() }, 60_000)
  afterAll(() => server?.stop())
  return () => {
    if (!server) throw new Error('PostgreSQL is not started (usePostgres() runs in beforeAll)')
    return server
  }
}
