// Main's end of the server process: launches it (utilityProcess in Electron, fork in tests),
// sends typed requests and checks every answer and event against protocol.ts.
import { z } from 'zod'
import {
  childMessageSchema, requestArgSchemas, responseValueSchemas,
  type HostEvent, type HostOp, type HostRequestArgs, type HostResponseValue,
} from './protocol'

/** The started child as main sees it, whatever started it. */
export interface ChildHandle {
  /** The OS process id, once started (logs, and tests that kill it the hard way). */
  readonly pid: number | undefined
  postMessage(message: unknown): void
  onMessage(listener: (message: unknown) => void): void
  onExit(listener: (code: number | null) => void): void
  /** Asks it to end (SIGTERM): the entry closes sockets with 1001 first. */
  kill(): void
  /** Ends it at once (SIGKILL): for a process that did not end when asked. */
  forceKill(): void
}

export type LaunchServerProcess = () => ChildHandle

export class HostProcessError extends Error {}

const REQUEST_TIMEOUT_MS = 60_000

export class HostProcess {
  private nextId = 1
  private readonly pending = new Map<number, { op: HostOp; resolve(value: unknown): void; reject(error: Error): void; timer: ReturnType<typeof setTimeout> }>()
  private exited = false
  private readonly exitWaiters: (() => void)[] = []

  constructor(private readonly child: ChildHandle, private readonly onEvent: (event: HostEvent) => void, onExit: (code: number | null) => void) {
    child.onMessage((message) => this.receive(message))
    child.onExit((code) => {
      this.exited = true
      for (const [, waiter] of this.pending) {
        clearTimeout(waiter.timer)
        waiter.reject(new HostProcessError('The server process ended unexpectedly.'))
      }
      this.pending.clear()
      for (const waiter of this.exitWaiters.splice(0)) waiter()
      onExit(code)
    })
  }

  get alive(): boolean {
    return !this.exited
  }

  request<O extends HostOp>(op: O, args: HostRequestArgs<O>, timeoutMs = REQUEST_TIMEOUT_MS): Promise<HostResponseValue<O>> {
    if (this.exited) return Promise.reject(new HostProcessError('The server process is not running.'))
    // Checked here too, so a bad call fails in main with a clear message instead of a round trip.
    const checked = requestArgSchemas[op].safeParse(args)
    if (!checked.success) return Promise.reject(new HostProcessError(checked.error.issues[0]?.message ?? 'Invalid request'))
    const id = this.nextId++
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id)
        reject(new HostProcessError('The server process did not answer.'))
      }, timeoutMs)
      this.pending.set(id, { op, resolve: resolve as (value: unknown) => void, reject, timer })
      this.child.postMessage({ kind: 'request', id, op, args })
    })
  }

  /**
   * Asks the process to end and waits; kills it when it has not ended within `graceMs` (a
   * second SIGTERM would change nothing: the entry ignores it while it shuts down).
   */
  async exit(graceMs = 5000): Promise<void> {
    if (this.exited) return
    const ended = new Promise<void>((resolve) => this.exitWaiters.push(resolve))
    const timer = setTimeout(() => this.child.forceKill(), graceMs)
    this.child.kill()
    await ended
    clearTimeout(timer)
  }

  private receive(raw: unknown): void {
    const parsed = childMessageSchema.safeParse(raw)
    if (!parsed.success) return // not ours to trust; the request it may answer times out
    const message = parsed.data
    if (message.kind === 'event') return this.onEvent(message)
    const waiter = this.pending.get(message.id)
    if (!waiter) return
    this.pending.delete(message.id)
    clearTimeout(waiter.timer)
    if (!message.ok) return waiter.reject(new HostProcessError(message.error))
    const value = (responseValueSchemas[waiter.op] as z.ZodType).safeParse(message.value)
    if (value.success) waiter.resolve(value.data)
    else waiter.reject(new HostProcessError('The server process answered with something unexpected.'))
  }
}
