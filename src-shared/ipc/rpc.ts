// Typed RPC over the contract, once for both sides that answer it: main (src-main/ipc,
// behind ipcMain.handle) and the browser bridge (src-renderer/bridge, in-page). A call's
// channel must be in the contract and its arguments must pass the channel's zod schema;
// whatever happens the caller gets an InvokeEnvelope, never a thrown Error (Electron
// flattens those to text).
import { ZodError } from 'zod'
import { ParleyError, type ParleyErrorShape } from '../client/errors'
import { invokeSchemas, type InvokeArgs, type InvokeChannel, type InvokeResults } from './contract'

export type InvokeHandlers = {
  [C in InvokeChannel]: (...args: InvokeArgs<C>) => Promise<InvokeResults[C]> | InvokeResults[C]
}

/** What crosses IPC for an invoke. */
export type InvokeEnvelope<T> = { ok: true; value: T } | { ok: false; error: ParleyErrorShape }

export type Dispatch = (channel: unknown, args: unknown[]) => Promise<InvokeEnvelope<unknown>>

export type DispatchLog = (event: string, fields: Record<string, unknown>) => void

export function isInvokeChannel(channel: unknown): channel is InvokeChannel {
  return typeof channel === 'string' && Object.hasOwn(invokeSchemas, channel)
}

export function describeZodError(error: ZodError): string {
  const issue = error.issues[0]
  if (!issue) return 'Invalid argument'
  // Tuple paths start with the argument index; name it so a caller can find the culprit.
  const [index, ...rest] = issue.path
  const where = typeof index === 'number' ? `argument ${index + 1}${rest.length ? ` (${rest.join('.')})` : ''}` : ''
  return where ? `Invalid ${where}: ${issue.message}` : `Invalid argument: ${issue.message}`
}

/** A ParleyError as-is; anything else in general words (its message might carry secrets). */
export function toErrorShape(error: unknown): { shape: ParleyErrorShape; expected: boolean } {
  if (error instanceof ParleyError) return { shape: { code: error.code, message: error.message }, expected: true }
  if (error instanceof ZodError) return { shape: { code: 'invalid-argument', message: describeZodError(error) }, expected: true }
  return { shape: { code: 'internal', message: 'Something went wrong in Parley. Please try again.' }, expected: false }
}

/**
 * The handler runs synchronously within the call (before any await), so a browser
 * handler that opens a file picker still runs inside the click that asked for it.
 */
export function createDispatcher(handlers: InvokeHandlers, log: DispatchLog = () => {}): Dispatch {
  return async (channel, args) => {
    if (!isInvokeChannel(channel)) return { ok: false, error: { code: 'invalid-argument', message: 'Unknown request' } }
    const parsed = invokeSchemas[channel].safeParse(args)
    if (!parsed.success) return { ok: false, error: { code: 'invalid-argument', message: describeZodError(parsed.error) } }
    try {
      const handler = handlers[channel] as (...values: unknown[]) => unknown
      const value = await handler(...(parsed.data as unknown[]))
      return { ok: true, value }
    } catch (error) {
      const { shape, expected } = toErrorShape(error)
      // Only the channel and error class are logged: arguments may hold passwords or text.
      if (!expected) log('ipc-handler-failed', { channel, error: error instanceof Error ? error.name : typeof error })
      return { ok: false, error: shape }
    }
  }
}

export function unwrapEnvelope<T>(envelope: InvokeEnvelope<T>): T {
  if (envelope.ok) return envelope.value
  throw new ParleyError(envelope.error)
}
