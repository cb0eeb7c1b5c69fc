// Test files for the upload scenarios: random (incompressible) bytes written to disk in
// 1 MiB blocks, with their SHA-256, so the clients can stream them and check what comes back.
import { fetchFor } from './tls-clients'
import { createHash, randomBytes } from 'node:crypto'
import { open } from 'node:fs/promises'

const BLOCK_BYTES = 1024 * 1024

export interface TestFile {
  path: string
  size: number
  sha256: string
}

export async function writeTestFile(path: string, size: number): Promise<TestFile> {
  const block = randomBytes(BLOCK_BYTES)
  const hash = createHash('sha256')
  const handle = await open(path, 'w')
  try {
    for (let offset = 0, index = 0; offset < size; offset += BLOCK_BYTES, index++) {
      // Stamp each block so no two are alike (cheaper than fresh random bytes for a GiB).
      block.writeUInt32BE(index, 0)
      const bytes = block.subarray(0, Math.min(BLOCK_BYTES, size - offset))
      hash.update(bytes)
      await handle.write(bytes, 0, bytes.length, offset)
    }
  } finally {
    await handle.close()
  }
  return { path, size, sha256: hash.digest('hex') }
}

export interface Download {
  bytes: number
  sha256: string
  ms: number
}

/** GET a URL, hashing the body as it streams (never holding it whole). */
export async function downloadAndHash(url: string): Promise<Download> {
  const started = performance.now()
  const response = await fetchFor(url)(url)
  if (!response.ok || !response.body) throw new Error(`GET ${new URL(url).pathname}: HTTP ${response.status}`)
  const hash = createHash('sha256')
  let bytes = 0
  for await (const chunk of response.body) {
    hash.update(chunk)
    bytes += chunk.length
  }
  return { bytes, sha256: hash.digest('hex'), ms: performance.now() - started }
}
