import { beforeEach, describe, expect, it } from 'vitest'
import { Connection, PROBE_FRAME, type ConnectionHooks } from '../../src-shared/client/connection'
import { defaultOptions } from '../../src-shared/client/options'
import type { ConnectionStatus } from '../../src-shared/ipc/contract'
import type { ServerEvent } from '../../src-shared/client/parse-frame'
import { FakeClock, settle } from './fake-clock'
import { ScriptedSocket } from './fake-socket'

function setup(overrides: Partial<ConnectionHooks> = {}, options: Partial<typeof defaultOptions> = {}) {
  const clock = new FakeClock()
  const statuses: ConnectionStatus[] = []
  const events: ServerEvent[] = []
  let ready = 0
  let down = 0
  const hooks: ConnectionHooks = {
    url: async () => 'ws://127.0.0.1:1/ws/chat/3/?token=t',
    onReady: () => void (ready += 1),
    onEvent: (event) => void events.push(event),
    onDown: () => void (down += 1),
    onUnauthorized: async () => true,
    onNotFound: () => {},
    onStatus: (status) => void statuses.push(status),
    ...overrides,
  }
  const connection = new Connection(3, { WebSocket: ScriptedSocket, clock, options: { ...defaultOptions, ...options }, log: () => {}, random: () => 0.5 }, hooks)
  return { clock, connection, statuses, events, ready: () => ready, down: () => down }
}

const states = (statuses: ConnectionStatus[]) => statuses.map((s) => s.state)

describe('Connection state machine', () => {
  beforeEach(() => ScriptedSocket.reset())

  it('goes connecting → open on connection_established and forwards frames', async () => {
    const t = setup()
    t.connection.start()
    await settle()
    ScriptedSocket.last().accept()
    ScriptedSocket.last().receive({ type: 'read_receipt', user_id: 9 })
    expect(states(t.statuses)).toEqual(['connecting', 'open'])
    expect(t.ready()).toBe(1)
    expect(t.events).toEqual([{ kind: 'receipt', userId: 9 }])
  })

  it('reconnects with growing, capped, jittered backoff, then goes offline after maxAttempts', async () => {
    const t = setup({}, { maxAttempts: 3 })
    t.connection.start()
    await settle()
    const delays: number[] = []
    for (let i = 0; i < 4; i += 1) {
      ScriptedSocket.last().drop(1006)
      const status = t.statuses.at(-1)!
      if (status.state === 'reconnecting') {
        delays.push(status.nextRetryAt! - t.clock.now())
        t.clock.advance(status.nextRetryAt! - t.clock.now())
        await settle()
      }
    }
    // random() = 0.5 → half of 500, 1000, 2000.
    expect(delays).toEqual([250, 500, 1000])
    expect(t.statuses.at(-1)).toMatchObject({ state: 'offline', attempt: 4 })
    expect(ScriptedSocket.instances).toHaveLength(4)
  })

  it('retryNow after offline reconnects at once and resets the attempt count', async () => {
    const t = setup({}, { maxAttempts: 0 })
    t.connection.start()
    await settle()
    ScriptedSocket.last().drop(1006)
    expect(t.statuses.at(-1)?.state).toBe('offline')
    t.connection.retryNow()
    await settle()
    ScriptedSocket.last().accept()
    expect(t.statuses.at(-1)).toMatchObject({ state: 'open', attempt: 0 })
  })

  it('goOffline drops the socket and waits; networkUp-style retryNow comes back', async () => {
    const t = setup()
    t.connection.start()
    await settle()
    ScriptedSocket.last().accept()
    t.connection.goOffline('No network connection')
    expect(t.statuses.at(-1)).toMatchObject({ state: 'offline', reason: 'No network connection' })
    t.clock.advance(60_000)
    expect(ScriptedSocket.instances).toHaveLength(1)
    t.connection.retryNow()
    await settle()
    expect(ScriptedSocket.instances).toHaveLength(2)
  })

  it('close 4001 refreshes the token and reconnects once; a second 4001 stops', async () => {
    let refreshes = 0
    const t = setup({ onUnauthorized: async () => ((refreshes += 1), true) })
    t.connection.start()
    await settle()
    ScriptedSocket.last().drop(4001)
    await settle()
    expect(refreshes).toBe(1)
    expect(ScriptedSocket.instances).toHaveLength(2)
    ScriptedSocket.last().drop(4001)
    await settle()
    expect(ScriptedSocket.instances).toHaveLength(2)
    expect(t.statuses.at(-1)?.state).toBe('offline')
    t.clock.advance(120_000)
    expect(ScriptedSocket.instances).toHaveLength(2)
  })

  it.each([4404, 4004])('close %i stops for good and reports it', async (code) => {
    let notFound = 0
    const t = setup({ onNotFound: () => void (notFound += 1) })
    t.connection.start()
    await settle()
    ScriptedSocket.last().drop(code)
    t.clock.advance(120_000)
    await settle()
    expect(notFound).toBe(1)
    expect(ScriptedSocket.instances).toHaveLength(1)
    expect(t.statuses.at(-1)?.reason).toMatch(/not available/)
  })

  it('probes an idle socket with a frame only the server sees, and reopens a half-dead one', async () => {
    const t = setup({}, { idleProbeMs: 25_000, probeTimeoutMs: 10_000 })
    t.connection.start()
    await settle()
    const first = ScriptedSocket.last()
    first.accept()
    t.clock.advance(25_000)
    expect(first.sent).toEqual([PROBE_FRAME])
    // A seed server answers an unknown type with an error to the sender: proof of life, not surfaced.
    first.receive({ type: 'error', message: 'Unknown message type: ping' })
    expect(t.events).toEqual([])
    t.clock.advance(24_000)
    expect(ScriptedSocket.instances).toHaveLength(1)
    t.clock.advance(1_000)
    expect(first.sent).toHaveLength(2)
    t.clock.advance(10_000) // no answer: half-dead
    expect(t.down()).toBe(1)
    expect(t.statuses.at(-1)?.state).toBe('reconnecting')
    t.clock.advance(t.statuses.at(-1)!.nextRetryAt! - t.clock.now())
    await settle()
    expect(ScriptedSocket.instances).toHaveLength(2)
  })

  it('never sends a frame that reaches other participants to check liveness', async () => {
    const t = setup({}, { idleProbeMs: 1_000, probeTimeoutMs: 500 })
    t.connection.start()
    await settle()
    const socket = ScriptedSocket.last()
    socket.accept()
    for (let i = 0; i < 10; i += 1) {
      t.clock.advance(1_000)
      socket.receive({ type: 'pong' })
    }
    const types = socket.sentFrames().map((f) => f.type)
    expect(new Set(types)).toEqual(new Set(['ping']))
  })

  it('malformed frames are dropped and the socket keeps working', async () => {
    const t = setup()
    t.connection.start()
    await settle()
    const socket = ScriptedSocket.last()
    socket.accept()
    socket.receive('{not json')
    socket.receive({ type: 'typing', user_id: 'x' })
    socket.receive({ type: 'api_info' })
    socket.receive({ type: 'read_receipt', user_id: 2 })
    expect(t.events).toEqual([{ kind: 'receipt', userId: 2 }])
    expect(t.statuses.at(-1)?.state).toBe('open')
  })
})

describe('Connection liveness while a large frame drains', () => {
  beforeEach(() => ScriptedSocket.reset())

  it('does not give up on a socket whose send buffer is still shrinking', async () => {
    const t = setup({}, { idleProbeMs: 1_000, probeTimeoutMs: 1_000 })
    t.connection.start()
    await settle()
    const socket = ScriptedSocket.last()
    socket.accept()
    socket.bufferedAmount = 10_000_000
    t.clock.advance(1_000) // probe sent behind the big frame
    for (const left of [8_000_000, 5_000_000, 1_000_000]) {
      socket.bufferedAmount = left
      t.clock.advance(1_000)
    }
    expect(t.down()).toBe(0)
    t.clock.advance(1_000) // stuck at 1 MB: now it is dead
    expect(t.down()).toBe(1)
  })
})
