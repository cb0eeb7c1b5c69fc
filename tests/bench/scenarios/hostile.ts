// Hostile clients (issue 8), Parley only (the baseline has no accounts):
// - login-storm: chat round-trip latency while 150 wrong sign-ins are kept in flight, each
//   from its own loopback address and for its own account (no throttle applies: the worst
//   case for password hashing, which shares libuv's thread pool with the WAL fsync), with
//   the same chat load without the storm as the baseline of the same run.
// - seed-flood: four concurrent 80 MB seed frames from one account; the server's peak RSS,
//   how many were stored or refused (1013, the frame budget) and that chat still works after.
import { join } from 'node:path'
import { Worker } from 'node:worker_threads'
import type WebSocket from 'ws'
import { atMost, below, type ScenarioReport } from '../harness/report'
import { mib, round, summarizeLatencies, type LatencySummary } from '../harness/stats'
import { buildSeedFrame } from '../load/seed-upload'
import { writeTestFile } from '../load/test-file'
import type { Scenario, ScenarioContext } from './scenario'
import { startSession, type SessionSocket } from './session'

const MB = 1024 * 1024
const STORM_CONCURRENCY = 150
const CHAT_INTERVAL_MS = 25

export function hostileScenarios(): Scenario[] {
  return [
    { name: 'login-storm', describe: 'chat p99 with and without 150 concurrent wrong sign-ins (Parley)', run: loginStorm },
    { name: 'seed-flood', describe: 'four concurrent 80 MB seed frames from one account: server peak RSS (Parley)', run: seedFlood },
  ]
}

async function loginStorm(context: ScenarioContext): Promise<ScenarioReport> {
  const phaseMs = context.quick ? 4_000 : 15_000
  const session = await startSession('parley', context, { request: { conversations: 1, usersPerConversation: 2, socketsPerUser: 1 } })
  try {
    const [sender, reader] = await session.openSockets(session.setup)
    context.log(`login-storm: chat alone for ${phaseMs} ms`)
    const calm = await chatLoad(sender!, reader!, phaseMs)
    context.log(`login-storm: chat during ${STORM_CONCURRENCY} concurrent wrong sign-ins for ${phaseMs} ms`)
    const storm = startStorm(session.server.url, STORM_CONCURRENCY)
    const stormy = await chatLoad(sender!, reader!, phaseMs)
    const answers = await storm.stop()
    const peak = session.memory.stop()
    const results = {
      parley: {
        chat_without_storm: calm,
        chat_during_storm: stormy,
        storm_answers: answers,
        storm_signins_per_s: round((Object.values(answers).reduce((a, b) => a + b, 0) / phaseMs) * 1000, 0),
        peak_rss_mib: mib(peak.peakRss),
      },
    }
    return {
      scenario: 'login-storm',
      quick: context.quick,
      params: { phase_ms: phaseMs, storm_concurrency: STORM_CONCURRENCY, chat_interval_ms: CHAT_INTERVAL_MS },
      results,
      targets: [{
        ...atMost('parley chat p99 during a 150-sign-in storm', stormy.p99_ms, 20, 'ms'),
        detail: `p50 ${stormy.p50_ms} ms; without storm p50 ${calm.p50_ms} / p99 ${calm.p99_ms} ms; storm answers ${JSON.stringify(answers)}`,
      }],
    }
  } finally {
    await session.close()
  }
}

/** Sends a chat message every CHAT_INTERVAL_MS for `ms`; each one's time until the reader has it. */
async function chatLoad(sender: SessionSocket, reader: SessionSocket, ms: number): Promise<LatencySummary> {
  const sentAt = new Map<string, number>()
  const samples = new Float64Array(Math.ceil(ms / CHAT_INTERVAL_MS) + 10)
  let count = 0
  const onMessage = (data: Buffer): void => {
    const frame = JSON.parse(String(data)) as { content?: string }
    const started = frame.content === undefined ? undefined : sentAt.get(frame.content)
    if (started === undefined) return
    sentAt.delete(frame.content as string)
    samples[count++] = performance.now() - started
  }
  reader.ws.on('message', onMessage)
  const end = performance.now() + ms
  let n = 0
  while (performance.now() < end) {
    const content = `storm-probe-${n++}`
    sentAt.set(content, performance.now())
    sender.ws.send(JSON.stringify({ type: 'chat_message', message: content }))
    await new Promise((resolve) => setTimeout(resolve, CHAT_INTERVAL_MS))
  }
  // Give the last messages time to arrive (a lost one would show as missing samples).
  const deadline = performance.now() + 10_000
  while (sentAt.size > 0 && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20))
  reader.ws.off('message', onMessage)
  return { ...summarizeLatencies(samples, count), lost: sentAt.size } as LatencySummary
}

/**
 * Keeps `concurrency` wrong sign-ins in flight until stop(); answers counted by HTTP status.
 * The storm runs in a worker thread: in the prober's own event loop its 150 connections
 * would delay the chat probes themselves and the figure would measure the load generator.
 */
function startStorm(serverUrl: string, concurrency: number): { stop(): Promise<Record<string, number>> } {
  const worker = new Worker(STORM_WORKER, { eval: true, workerData: { port: Number(new URL(serverUrl).port), concurrency } })
  const answers = new Promise<Record<string, number>>((resolve, reject) => {
    worker.once('message', (message: Record<string, number>) => resolve(message))
    worker.once('error', reject)
  })
  return {
    async stop() {
      worker.postMessage('stop')
      const result = await answers
      await worker.terminate()
      return result
    },
  }
}

// Plain JavaScript (eval'd in the worker). Linux routes all of 127/8 to loopback: each
// attacker is its own client address and its own (unknown) account, so no throttle applies.
const STORM_WORKER = `
const { parentPort, workerData } = require('node:worker_threads')
const { request } = require('node:http')
const answers = {}
let running = true
parentPort.on('message', () => { running = false })
const count = (key) => { answers[key] = (answers[key] || 0) + 1 }
const attempt = (i) => new Promise((resolve) => {
  const body = JSON.stringify({ email: 'storm' + i + '@bench.local', password: 'wrong-password' })
  const req = request({
    host: '127.0.0.1', port: workerData.port, path: '/api/auth/login/', method: 'POST', agent: false,
    localAddress: '127.1.' + Math.floor(i / 250) + '.' + ((i % 250) + 1),
    headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
  }, (res) => { count(String(res.statusCode)); res.resume(); res.on('end', resolve) })
  req.on('error', (error) => { count(error.code || error.message); resolve() })
  req.end(body)
})
Promise.all(Array.from({ length: workerData.concurrency }, async (_, i) => { while (running) await attempt(i) }))
  .then(() => parentPort.postMessage(answers))
`

async function seedFlood(context: ScenarioContext): Promise<ScenarioReport> {
  const frames = 4
  const size = 80 * MB
  const session = await startSession('parley', context, { request: { conversations: 1, usersPerConversation: 2, socketsPerUser: frames } })
  try {
    const file = await writeTestFile(join(context.tmpRoot, 'seed-flood.bin'), Math.floor((size * 3) / 4))
    const [first, reader] = session.setup
    const senders = await session.openSockets(Array.from({ length: frames }, () => first!))
    const [readerSocket] = await session.openSockets([reader!])
    const built = await Promise.all(senders.map((_, i) => buildSeedFrame(file, `flood-${i}`)))
    const rssBefore = mib(session.memory.stop().rss)
    session.memory.start()
    context.log(`seed-flood: ${frames} frames of ${mib(built[0]!.length)} MiB at once`)
    const started = performance.now()
    const outcomes = await Promise.all(senders.map((socket, i) => outcome(socket.ws, built[i]!, `flood-${i}`)))
    const elapsedMs = performance.now() - started
    // Still serving: a chat message from the reader comes back.
    const probeMs = await chatRoundTrip(readerSocket!.ws)
    const memory = session.memory.stop()
    const stored = outcomes.filter((o) => o === 'stored').length
    const results = {
      parley: {
        frame_mib: mib(built[0]!.length), stored, refused: outcomes.filter((o) => o.startsWith('1013')).length, outcomes,
        elapsed_ms: round(elapsedMs, 0), rss_before_mib: rssBefore, peak_rss_mib: mib(memory.peakRss), chat_after_ms: round(probeMs, 1),
      },
    }
    return {
      scenario: 'seed-flood',
      quick: context.quick,
      params: { frames, frame_bytes: built[0]!.length, frames_in_flight_budget: 'default' },
      results,
      targets: [{
        ...below('parley peak RSS, 4 concurrent 80 MB seed frames', mib(memory.peakRss), 768, 'MiB'),
        detail: `${stored} stored, ${frames - stored} refused; chat after ${round(probeMs, 1)} ms`,
      }],
    }
  } finally {
    await session.close()
  }
}

/** 'stored' when this socket's own file Message comes back, else how the socket was refused. */
function outcome(ws: WebSocket, frame: Buffer, clientId: string): Promise<string> {
  return new Promise((resolve) => {
    const onMessage = (data: Buffer): void => {
      const text = data.length < 100_000 ? String(data) : ''
      if (text.includes('"file_attachment"') && text.includes(`"client_id":"${clientId}"`)) finish('stored')
      else if (text.includes('"type":"error"')) finish(`error ${text.slice(0, 120)}`)
    }
    const onClose = (code: number, reason: Buffer): void => finish(`${code} ${String(reason).slice(0, 60)}`)
    function finish(result: string): void {
      ws.off('message', onMessage)
      ws.off('close', onClose)
      resolve(result)
    }
    ws.on('message', onMessage)
    ws.on('close', onClose)
    ws.send(frame, { binary: false })
  })
}

async function chatRoundTrip(ws: WebSocket): Promise<number> {
  const started = performance.now()
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no chat round trip within 30 s after the flood')), 30_000)
    const onMessage = (data: Buffer): void => {
      if (!String(data).includes('after-flood')) return
      clearTimeout(timer)
      ws.off('message', onMessage)
      resolve()
    }
    ws.on('message', onMessage)
    ws.send(JSON.stringify({ type: 'chat_message', message: 'after-flood' }))
  })
  return performance.now() - started
}
