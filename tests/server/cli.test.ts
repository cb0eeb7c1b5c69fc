// The headless CLI as a user runs it: `users add`, then `serve`, log in, and SIGTERM.
import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, expect, it } from 'vitest'
import { SERVER_PROCESS_ENV } from '../../src-main/server/server-process-env'
import { openSocket } from './helpers'

const dataDir = mkdtempSync(join(tmpdir(), 'parley-cli-'))
afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

/** The first call goes through npx as documented; the rest call tsx directly (npx costs seconds per run). */
let viaNpx = true
function run(args: string[], input?: string) {
  const [command, prefix] = viaNpx ? ['npx', ['tsx']] : ['node_modules/.bin/tsx', []]
  viaNpx = false
  return spawnSync(command, [...prefix, 'src-main/server/cli.ts', ...args], { encoding: 'utf8', input, timeout: 60_000 })
}

it('adds, lists, resets and removes users; bad input exits non-zero with a message', () => {
  const add = run(['users', 'add', '--email', 'ada@example.com', '--password', 'password-1', '--name', 'Ada L', '--data', dataDir])
  expect(add.status, add.stderr).toBe(0)
  expect(add.stdout).toMatch(/Created user 1 ada@example.com/)
  const viaStdin = run(['users', 'add', '--email', 'bob@example.com', '--password-stdin', '--name', 'Bob', '--data', dataDir], 'password-2\n')
  expect(viaStdin.status, viaStdin.stderr).toBe(0)
  const dup = run(['users', 'add', '--email', 'ada@example.com', '--password', 'password-1', '--name', 'Ada', '--data', dataDir])
  expect(dup.status).toBe(1)
  expect(dup.stderr).toMatch(/already exists/)
  const list = run(['users', 'list', '--json', '--data', dataDir])
  expect(JSON.parse(list.stdout).map((u: { email: string }) => u.email)).toEqual(['ada@example.com', 'bob@example.com'])
  expect(run(['users', 'reset-password', '--email', 'bob@example.com', '--password', 'password-3', '--data', dataDir]).status).toBe(0)
  const remove = run(['users', 'remove', '--email', 'nobody@example.com', '--data', dataDir])
  expect(remove.status).toBe(1)
  expect(remove.stderr).toMatch(/No user/)
}, 120_000)

it('serves, prints its URL, lets a CLI-made user log in, and exits cleanly on SIGTERM closing sockets with 1001', async () => {
  const child = spawn('node_modules/.bin/tsx', ['src-main/server/cli.ts', 'serve', '--port', '0', '--data', dataDir, '--log-level', 'silent'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString()
      const match = /running at (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout)
      if (match) resolve(match[1] as string)
    })
    child.once('exit', (code) => reject(new Error(`serve exited ${code}: ${stdout}`)))
  })
  const login = await fetch(`${url}/api/auth/login/`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'bob@example.com', password: 'password-3' }),
  })
  expect(login.status).toBe(200)
  // The process that serves runs with the malloc settings (server-process-env.ts): serve relaunched itself.
  const environments = descendants(child.pid as number).map((pid) => readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0'))
  expect(environments.at(-1)).toEqual(expect.arrayContaining(Object.entries(SERVER_PROCESS_ENV).map(([k, v]) => `${k}=${v}`)))
  const { tokens } = (await login.json()) as { tokens: { access: string } }
  const list = openSocket(`${url.replace('http', 'ws')}/ws/conversations/?token=${tokens.access}`)
  await list.next('connection_established')
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  child.kill('SIGTERM')
  expect((await list.closed).code).toBe(1001)
  expect(await exited).toBe(0)
  expect(stdout).toMatch(/Stopped\./)
}, 120_000)

/** `pid` and its descendants, parents first (Linux /proc). */
function descendants(pid: number): number[] {
  const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number)
  return [pid, ...children.flatMap(descendants)]
}

it('serve --tls: bad modes and half a certificate are refused in words; --tls off on the LAN stays plain http', async () => {
  const bad = run(['serve', '--tls', 'sometimes', '--data', dataDir])
  expect(bad.status).toBe(1)
  expect(bad.stderr).toMatch(/Use "auto", "on" or "off"/)
  const half = run(['serve', '--tls-cert', join(dataDir, 'nope.pem'), '--port', '0', '--data', dataDir, '--log-level', 'silent'])
  expect(half.status).not.toBe(0)
  expect(half.stderr).toMatch(/Give both a TLS certificate and its key/)

  const child = spawn('node_modules/.bin/tsx', ['src-main/server/cli.ts', 'serve', '--tls', 'off', '--host', '0.0.0.0', '--no-advertise', '--port', '0', '--data', dataDir, '--log-level', 'silent'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString()
      if (/Press Ctrl\+C/.test(stdout)) resolve()
    })
    void exited.then((code) => reject(new Error(`serve exited ${code}: ${stdout}`)))
  })
  expect(stdout).toMatch(/running at http:\/\/127\.0\.0\.1:\d+/)
  expect(stdout).not.toMatch(/https:\/\/|fingerprint/)
  child.kill('SIGTERM')
  expect(await exited).toBe(0)
}, 120_000)
