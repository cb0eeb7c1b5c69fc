// A scripted WebSocket for connection state-machine tests: the test plays the server.
import type { SocketLike } from '../../src-shared/client/deps'

export class ScriptedSocket implements SocketLike {
  static instances: ScriptedSocket[] = []
  readyState = 0
  bufferedAmount = 0
  sent: (string | Uint8Array)[] = []
  onopen: ((event: unknown) => void) | null = null
  onmessage: ((event: { data: unknown }) => void) | null = null
  onclose: ((event: { code: number; reason: string }) => void) | null = null
  onerror: ((event: unknown) => void) | null = null

  constructor(readonly url: string) {
    ScriptedSocket.instances.push(this)
  }

  static reset(): void {
    ScriptedSocket.instances = []
  }

  static last(): ScriptedSocket {
    const socket = ScriptedSocket.instances.at(-1)
    if (!socket) throw new Error('no socket opened')
    return socket
  }

  send(data: string | Uint8Array): void {
    if (this.readyState !== 1) throw new Error('not open')
    this.sent.push(data)
  }

  close(): void {
    this.readyState = 3
  }

  /** Server side: accept and greet like a Parley/seed server. */
  accept(established: Record<string, unknown> = {}): void {
    this.readyState = 1
    this.onopen?.({})
    this.receive({ type: 'connection_established', message: 'Connected to chat', ...established })
  }

  receive(frame: unknown): void {
    this.onmessage?.({ data: typeof frame === 'string' ? frame : JSON.stringify(frame) })
  }

  drop(code = 1006, reason = ''): void {
    this.readyState = 3
    this.onclose?.({ code, reason })
  }

  sentFrames(): Record<string, unknown>[] {
    return this.sent.filter((s): s is string => typeof s === 'string').map((s) => JSON.parse(s) as Record<string, unknown>)
  }
}
