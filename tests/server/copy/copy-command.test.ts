// `npm run parley -- copy-to-postgres` as an operator runs it: the report on stdout and
// exit 0 when everything matches; exit 1 with the mismatch shown (--check-only after a
// row changed), or with the reason a target is refused.
import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { afterAll, expect, it } from 'vitest'
import { stopAllTestServers } from '../helpers'
import { usePostgres } from '../../support/postgres'
import { populatedServer } from './populated-server'

const postgres = usePostgres()
const sharedDir = mkdtempSync(join(tmpdir(), 'parley-copy-cli-'))
afterAll(async () => {
  await stopAllTestServers()
  rmSync(sharedDir, { recursive: true, force: true })
})

function run(args: string[]) {
  return spawnSync('node_modules/.bin/tsx', ['src-main/server/cli.ts', 'copy-to-postgres', ...args], { encoding: 'utf8', timeout: 60_000 })
}

it('copies, prints counts and hashes, and exits non-zero on a mismatch or a refused target', async () => {
  const { t } = await populatedServer()
  const url = await postgres().freshDatabase()
  const args = ['--data', t.dataDir, '--database', url, '--media', sharedDir]

  const copy = run(args)
  expect(copy.status, copy.stderr).toBe(0)
  const lines = copy.stdout.split('\n')
  expect(lines[0]).toMatch(/^Source: the SQLite database as of its snapshot at \d{4}-\d\d-\d\dT/)
  expect(copy.stdout).toContain('Writes made after the snapshot are not included')
  expect(lines.find((line) => line.startsWith('messages '))).toMatch(/^messages\s+6\s+6\s+([0-9a-f]{16})\s+\1\s+ok$/)
  expect(copy.stdout).toMatch(/Files \(media and the signing secret\): 2, \d+ bytes \(2 copied, 0 already there\); size and sha256 checked in the shared folder: ok/)
  expect(copy.stdout).toContain('Not copied: 1 chunked upload in progress')
  expect(copy.stdout).toContain('Check passed')
  expect(copy.stderr).toContain('copying files: 2 of 2 files, done')

  const client = new pg.Client({ connectionString: url })
  await client.connect()
  await client.query("UPDATE messages SET content = 'forged' WHERE id = 1")
  await client.end()
  const check = run([...args, '--check-only'])
  expect(check.status).toBe(1)
  expect(check.stdout.split('\n').find((line) => line.startsWith('messages '))).toMatch(/MISMATCH$/)
  expect(check.stdout).toContain('Check FAILED')

  const refused = run(args)
  expect(refused.status).toBe(1)
  expect(refused.stderr).toMatch(/^Error: The target database already holds chat data \(rows: users 5, /)
}, 120_000)

it('stopped midway (Ctrl+C), leaves no snapshot behind and nothing in the target', async () => {
  const { t } = await populatedServer()
  const url = await postgres().freshDatabase()
  const privateTmp = mkdtempSync(join(tmpdir(), 'parley-copy-tmp-'))
  // Another session reading the users table keeps the copy waiting at its lock, after the snapshot and the files.
  const holder = new pg.Client({ connectionString: url })
  await holder.connect()
  spawnSync('node_modules/.bin/tsx', ['src-main/server/cli.ts', 'migrate', '--database', url], { encoding: 'utf8', timeout: 60_000 })
  await holder.query('BEGIN')
  await holder.query('LOCK TABLE users IN ACCESS SHARE MODE')
  let child: ReturnType<typeof spawn> | null = null
  try {
    child = spawn('node_modules/.bin/tsx', ['src-main/server/cli.ts', 'copy-to-postgres', '--data', t.dataDir, '--database', url, '--media', mkdtempSync(join(tmpdir(), 'parley-copy-cli-'))], {
      stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, TMPDIR: privateTmp },
    })
    let stderr = ''
    const running = child
    await new Promise<void>((resolve, reject) => {
      running.stderr?.on('data', (chunk: Buffer) => {
        stderr += chunk.toString()
        if (stderr.includes('copying files: 2 of 2 files, done')) resolve()
      })
      running.once('exit', () => reject(new Error(`exited early: ${stderr}`)))
    })
    const snapshots = (): string[] => readdirSync(privateTmp).filter((name) => name.startsWith('parley-copy-'))
    expect(snapshots()).toHaveLength(1)
    const exited = new Promise<number | null>((resolve) => running.once('exit', (code) => resolve(code)))
    running.kill('SIGINT')
    expect(await exited).toBe(130)
    expect(snapshots()).toEqual([])
  } finally {
    if (child?.exitCode === null) child.kill('SIGKILL')
    await holder.query('ROLLBACK')
    await holder.end()
    rmSync(privateTmp, { recursive: true, force: true })
  }
  const check = new pg.Client({ connectionString: url })
  await check.connect()
  expect((await check.query('SELECT count(*)::int AS n FROM users')).rows).toEqual([{ n: 0 }])
  await check.end()
}, 120_000)
