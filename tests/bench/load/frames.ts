// Waiting for a particular JSON frame on a socket, for the file scenarios (rare, large
// frames: parsing each one is fine here, unlike on the fan-out hot path).
import type WebSocket from 'ws'

export type FramePredicate<T> = (frame: Record<string, unknown>) => T | undefined

/** Resolves with the first text frame `pick` maps to a value; error frames reject. */
export function waitForFrame<T>(ws: WebSocket, pick: FramePredicate<T>, timeoutMs: number, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => done(new Error(`${what}: nothing in ${timeoutMs} ms`)), timeoutMs)
    const onMessage = (data: Buffer, isBinary: boolean): void => {
      if (isBinary) return
      let frame: Record<string, unknown>
      try {
        frame = JSON.parse(String(data)) as Record<string, unknown>
      } catch {
        return
      }
      if (frame.type === 'error') return done(new Error(`${what}: server error: ${String(frame.message)}`))
      const value = pick(frame)
      if (value !== undefined) done(null, value)
    }
    const onClose = (code: number): void => done(new Error(`${what}: socket closed (${code})`))
    function done(error: Error | null, value?: T): void {
      clearTimeout(timer)
      ws.off('message', onMessage)
      ws.off('close', onClose)
      if (error) reject(error)
      else resolve(value as T)
    }
    ws.on('message', onMessage)
    ws.on('close', onClose)
  })
}

/** A broadcast Message carrying a file, matched by the client_id the sender put on it. */
export function fileMessageWith(clientId: string): FramePredicate<{ file_url: string; file_size: number }> {
  return (frame) => {
    if (frame.client_id !== clientId || frame.message_type !== 'file') return undefined
    const attachment = frame.file_attachment as { file_url?: unknown; file_size?: unknown } | null
    if (!attachment || typeof attachment.file_url !== 'string') return undefined
    return { file_url: attachment.file_url, file_size: Number(attachment.file_size) }
  }
}
