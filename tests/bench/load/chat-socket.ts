// Opening chat sockets the way a client does: ws://HOST:PORT/ws/chat/<id>/?token=…, ready
// once the server's connection_established frame arrives.
import WebSocket from 'ws'
import { wsTlsOptions } from './tls-clients'

const OPEN_TIMEOUT_MS = 30_000

/** `query`: more URL parameters, e.g. "ext=edit,delete" (docs/protocol.md "Declaring what a client reads"). */
export function chatSocketUrl(serverUrl: string, conversationId: number, token: string, query = ''): string {
  const base = serverUrl.replace(/^http/, 'ws')
  return `${base}/ws/chat/${conversationId}/?token=${encodeURIComponent(token)}${query ? `&${query}` : ''}`
}

export interface OpenedSocket {
  ws: WebSocket
  /** The connection_established frame, parsed. */
  hello: Record<string, unknown>
}

export function openChatSocket(serverUrl: string, conversationId: number, token: string, query = ''): Promise<OpenedSocket> {
  return new Promise((resolve, reject) => {
    // No compression: the servers don't negotiate it, and it would hide raw frame cost.
    const ws = new WebSocket(chatSocketUrl(serverUrl, conversationId, token, query), { perMessageDeflate: false, maxPayload: 256 * 1024 * 1024, ...wsTlsOptions(serverUrl) })
    const timer = setTimeout(() => fail(new Error(`socket to conversation ${conversationId}: no connection_established in ${OPEN_TIMEOUT_MS} ms`)), OPEN_TIMEOUT_MS)
    function fail(error: Error): void {
      clearTimeout(timer)
      ws.removeAllListeners()
      ws.on('error', () => undefined)
      ws.terminate()
      reject(error)
    }
    ws.once('error', (error) => fail(error))
    ws.once('close', (code, reason) => fail(new Error(`socket to conversation ${conversationId} closed: ${code} ${String(reason)}`)))
    ws.once('message', (data) => {
      clearTimeout(timer)
      ws.removeAllListeners()
      // Errors after this point are counted by the load driver; never crash the runner.
      ws.on('error', () => undefined)
      let hello: Record<string, unknown>
      try {
        hello = JSON.parse(String(data)) as Record<string, unknown>
      } catch {
        hello = {}
      }
      if (hello.type !== 'connection_established') {
        ws.terminate()
        reject(new Error(`first frame was not connection_established: ${String(data).slice(0, 200)}`))
        return
      }
      resolve({ ws, hello })
    })
  })
}

/** Opens many sockets with at most `concurrency` handshakes at once (the accept queue is finite). */
export async function openMany<T>(count: number, concurrency: number, open: (index: number) => Promise<T>): Promise<T[]> {
  const results = new Array<T>(count)
  let next = 0
  async function worker(): Promise<void> {
    while (next < count) {
      const index = next++
      results[index] = await open(index)
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker))
  return results
}

export async function closeAll(sockets: WebSocket[]): Promise<void> {
  await Promise.all(
    sockets.map(
      (ws) =>
        new Promise<void>((resolve) => {
          if (ws.readyState === WebSocket.CLOSED) return resolve()
          const timer = setTimeout(() => {
            ws.terminate()
            resolve()
          }, 2_000)
          ws.once('close', () => {
            clearTimeout(timer)
            resolve()
          })
          ws.close(1000)
        }),
    ),
  )
}
