// A TCP port nobody listens on now, for the private servers tests start (PostgreSQL, Redis).
import { createServer } from 'node:net'

/** The kernel's choice for port 0, released for the caller to take. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))))
    })
  })
}
