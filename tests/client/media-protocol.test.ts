// The renderer's media through main (src-main/client/media-protocol.ts), the handler Electron
// registers for parley-media://: against a real embedded server, through the same transport
// as REST and downloads; streamed, with ranges and conditional requests; and everything that
// is not a signed-in server's /media/ refused with a status and words.
import { createHash, randomBytes } from 'node:crypto'
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { toMediaUrl } from '../../src-shared/ipc/media-url'
import type { Message } from '../../src-shared/protocol/types'
import { createMediaHandler, resolveTarget } from '../../src-main/client/media-protocol'
import { startEmbeddedServer, type EmbeddedServer } from './support/embedded-server'
import { sendFileAndAwait, signedInConversation, value } from './support/session'
import { makeTempDir, removeDir, startTestMainProcess, type TestMainProcess } from './support/test-services'

let server: EmbeddedServer
let dataDir: string
let main: TestMainProcess
let conversationId: number
/** Every URL main's transport was asked for. */
let transported: string[]

beforeEach(async () => {
  server = await startEmbeddedServer()
  dataDir = await makeTempDir()
  transported = []
  main = await startTestMainProcess({ dataDir })
  // Watch main's one transport: what the media handler and downloads fetch goes through it.
  const pinned = main.ipc.transport.fetch
  main.ipc.transport.fetch = (input, init) => {
    transported.push(String(input instanceof Request ? input.url : input))
    return pinned(input, init)
  }
  ;({ conversationId } = await signedInConversation(main, server))
})

afterEach(async () => {
  await main.stop()
  await server.close()
  await removeDir(dataDir)
})

async function sendFile(name: string, bytes: Buffer): Promise<Message> {
  const path = join(dataDir, name)
  await writeFile(path, bytes)
  return (await sendFileAndAwait(main, conversationId, path)).message
}

const media = (url: string, init?: RequestInit): Promise<Response> => main.ipc.media(new Request(url, init))
const bytesOf = async (response: Response): Promise<Buffer> => Buffer.from(await response.arrayBuffer())
const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex')

describe('media of the signed-in server', () => {
  it('serves an image through main: bytes, type and safety headers; HEAD without a body', async () => {
    const png = randomBytes(300 * 1024)
    const message = await sendFile('diagram.png', png)
    const url = toMediaUrl(message.file_attachment!.file_url)!
    // The server rides in the path: Electron drops ports from a custom scheme's authority.
    expect(url).toMatch(new RegExp(`^parley-media://server/127\\.0\\.0\\.1%3A${server.port}/media/chat_files/.+\\.png\\?exp=\\d+&sig=`))

    transported.length = 0
    const response = await media(url)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('image/png')
    expect(response.headers.get('content-length')).toBe(String(png.length))
    expect(response.headers.get('accept-ranges')).toBe('bytes')
    expect(response.headers.get('x-content-type-options')).toBe('nosniff')
    expect(response.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox")
    expect(sha256(await bytesOf(response))).toBe(sha256(png))
    // Through main's one transport, to the session's own server.
    expect(transported).toEqual([message.file_attachment!.file_url])

    const head = await media(url, { method: 'HEAD' })
    expect(head.status).toBe(200)
    expect(head.headers.get('content-length')).toBe(String(png.length))
    expect(head.body).toBeNull()
  })

  it('answers ranges with 206 and Content-Range, and a current ETag with 304', async () => {
    const bytes = randomBytes(64 * 1024)
    const url = toMediaUrl((await sendFile('clip.mp4', bytes)).file_attachment!.file_url)!

    const part = await media(url, { headers: { Range: 'bytes=1000-1999' } })
    expect(part.status).toBe(206)
    expect(part.headers.get('content-range')).toBe(`bytes 1000-1999/${bytes.length}`)
    expect(part.headers.get('content-length')).toBe('1000')
    expect((await bytesOf(part)).equals(bytes.subarray(1000, 2000))).toBe(true)

    const tail = await media(url, { headers: { Range: 'bytes=-10' } })
    expect(tail.status).toBe(206)
    expect((await bytesOf(tail)).equals(bytes.subarray(bytes.length - 10))).toBe(true)

    const beyond = await media(url, { headers: { Range: `bytes=${bytes.length + 10}-` } })
    expect(beyond.status).toBe(416)
    await beyond.body?.cancel()

    const full = await media(url)
    const etag = full.headers.get('etag')
    await full.body?.cancel()
    expect(etag).toBeTruthy()
    const unchanged = await media(url, { headers: { 'If-None-Match': etag! } })
    expect(unchanged.status).toBe(304)
    expect(unchanged.body).toBeNull()
  })

  it('streams a large file in chunks as it arrives, bytes intact', async () => {
    const bytes = randomBytes(12 * 1024 * 1024)
    const url = toMediaUrl((await sendFile('video.mp4', bytes)).file_attachment!.file_url)!
    const response = await media(url)
    expect(response.status).toBe(200)
    const reader = response.body!.getReader()
    const hash = createHash('sha256')
    let chunks = 0
    for (;;) {
      const { done, value: chunk } = await reader.read()
      if (done) break
      chunks += 1
      hash.update(chunk)
    }
    expect(chunks).toBeGreaterThan(10)
    expect(hash.digest('hex')).toBe(sha256(bytes))
  })

  it('downloads (save as) go through the same transport', async () => {
    const bytes = randomBytes(10_000)
    const message = await sendFile('notes.txt', bytes)
    transported.length = 0
    main.dialogs.nextSaveTarget = join(dataDir, 'saved.txt')
    expect(value(await main.invoke('files:save-as', conversationId, message.id))).toBe(true)
    expect((await readFile(join(dataDir, 'saved.txt'))).equals(bytes)).toBe(true)
    expect(transported.filter((url) => url.includes('/media/'))).toHaveLength(1)
  })
})

describe('refusals', () => {
  it('refuses other hosts, paths outside /media/, traversal, other methods and signed-out requests, in words', async () => {
    const message = await sendFile('photo.png', randomBytes(1000))
    const good = toMediaUrl(message.file_attachment!.file_url)!
    const host = `127.0.0.1%3A${server.port}`
    const at = `parley-media://server/${host}`
    transported.length = 0

    const cases: [string, RequestInit | undefined, number, RegExp][] = [
      [good.replace(host, `127.0.0.1%3A${server.port + 1}`), undefined, 403, /not signed in to/],
      [good.replace(host, 'example.com'), undefined, 403, /not signed in to/],
      [`${at}/media/../../example.com/media/chat_files/x.png`, undefined, 403, /not signed in to/],
      [`${at}/api/chat/conversations/`, undefined, 403, /Only files under \/media\//],
      [`${at}/media/../api/auth/login/`, undefined, 403, /Only files under \/media\//],
      // Encoded dot segments are folded by URL parsing too: still outside /media/.
      [`${at}/media/chat_files/%2e%2e/%2E%2e/api/auth/login/`, undefined, 403, /Only files under \/media\//],
      [`${at}/media/chat_files/..%2f..%2fparley.db`, undefined, 400, /not allowed/],
      [`${at}/media/chat_files/a%5c..%5cb`, undefined, 400, /not allowed/],
      [`${at}/media/`, undefined, 400, /not allowed/],
      [good.replace('parley-media://server/', 'parley-media://elsewhere/'), undefined, 400, /not a file address/],
      [good.replace('parley-media:', 'http:'), undefined, 400, /not a file address/],
      [good, { method: 'POST', body: 'x' }, 405, /Only GET and HEAD/],
    ]
    for (const [url, init, status, words] of cases) {
      const response = await media(url, init)
      expect({ url, status: response.status }).toEqual({ url, status })
      expect(await response.text()).toMatch(words)
      expect(response.headers.get('x-content-type-options')).toBe('nosniff')
    }
    // None of them reached the network.
    expect(transported).toEqual([])
    // (A Request cannot even carry credentials in its URL; the handler refuses them anyway.)
    expect(resolveTarget(`parley-media://user:pass@server/${host}/media/chat_files/x.png`, { server: server.url, accessToken: null }))
      .toEqual({ ok: false, status: 400, message: 'That is not a file address.' })

    // A signature the server refuses is its answer, passed on.
    const forged = await media(good.replace(/sig=[^&]+/, 'sig=forged'))
    expect(forged.status).toBe(403)
    await forged.body?.cancel()

    value(await main.invoke('session:sign-out'))
    const signedOut = await media(good)
    expect(signedOut.status).toBe(403)
    expect(await signedOut.text()).toMatch(/Sign in/)
  })

  it('says so when the server is down, and never follows a redirect elsewhere', async () => {
    const url = toMediaUrl((await sendFile('photo.png', randomBytes(1000))).file_attachment!.file_url)!
    await server.stop()
    const down = await media(url)
    expect(down.status).toBe(502)
    expect(await down.text()).toMatch(/can't be reached/)
    await server.start()

    const redirecting = createMediaHandler({
      fetch,
      session: () => ({ server: rawServer.url, accessToken: 'token-1' }),
    })
    rawServer.respond = (res) => {
      res.writeHead(302, { Location: 'http://example.com/evil.png' })
      res.end()
    }
    const redirected = await redirecting(new Request(toMediaUrl(`${rawServer.url}/media/chat_files/a.png`)!))
    expect(redirected.status).toBe(502)
    expect(await redirected.text()).toMatch(/redirect/)
  })
})

/** A bare HTTP server standing in for a session's server, to see exactly what main sends and when. */
let rawServer: { url: string; seen: IncomingHttpHeaders[]; respond: (res: ServerResponse) => void; server: Server }
beforeEach(async () => {
  const seen: IncomingHttpHeaders[] = []
  const state = { respond: (res: ServerResponse) => void res.end() }
  const http = createServer((req, res) => {
    seen.push(req.headers)
    state.respond(res)
  })
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve))
  rawServer = {
    url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`,
    seen,
    server: http,
    get respond() {
      return state.respond
    },
    set respond(fn) {
      state.respond = fn
    },
  }
})
afterEach(async () => {
  rawServer.server.closeAllConnections()
  await new Promise<void>((resolve) => rawServer.server.close(() => resolve()))
})

describe('streaming', () => {
  it('hands the page the first bytes while the server is still sending; Range and the token go to the server', async () => {
    let finish: () => void = () => {}
    rawServer.respond = (res) => {
      res.writeHead(206, { 'Content-Type': 'video/mp4', 'Content-Range': 'bytes 0-131071/1000000', 'Content-Length': '131072' })
      res.write(Buffer.alloc(65536, 1))
      finish = () => res.end(Buffer.alloc(65536, 2))
    }
    const handler = createMediaHandler({ fetch, session: () => ({ server: rawServer.url, accessToken: 'token-1' }) })
    const response = await handler(new Request(toMediaUrl(`${rawServer.url}/media/chat_files/v.mp4`)!, { headers: { Range: 'bytes=0-131071' } }))
    expect(response.status).toBe(206)
    expect(response.headers.get('content-range')).toBe('bytes 0-131071/1000000')
    const reader = response.body!.getReader()
    // The rest has not been sent yet: only a streamed body can give us this first chunk.
    const first = await reader.read()
    expect(first.value![0]).toBe(1)
    finish()
    let total = first.value!.length
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) total += chunk.value.length
    expect(total).toBe(131072)
    expect(rawServer.seen[0]).toMatchObject({ range: 'bytes=0-131071', authorization: 'Bearer token-1' })
    // Nothing else of the page's request goes out: no cookies, no referer, no origin.
    expect(rawServer.seen[0]).not.toHaveProperty('cookie')
  })
})

describe('media URLs', () => {
  it('carry the server (IPv6 and path prefixes too) in the path, and only for http(s) file URLs', () => {
    const ipv6 = toMediaUrl('http://[::1]:8000/media/chat_files/a%20b.png?exp=1&sig=x')!
    expect(ipv6).toBe('parley-media://server/%5B%3A%3A1%5D%3A8000/media/chat_files/a%20b.png?exp=1&sig=x')
    expect(resolveTarget(ipv6, { server: 'http://[::1]:8000', accessToken: 't' }))
      .toEqual({ ok: true, url: 'http://[::1]:8000/media/chat_files/a%20b.png?exp=1&sig=x', accessToken: 't' })
    // The scheme is the session's: a page cannot turn an https server's media into http.
    expect(resolveTarget(toMediaUrl('http://chat.example.com/chat/media/x/y.png')!, { server: 'https://chat.example.com/chat', accessToken: null }))
      .toEqual({ ok: true, url: 'https://chat.example.com/chat/media/x/y.png', accessToken: null })
    expect(resolveTarget(toMediaUrl('https://chat.example.com/media/x/y.png')!, { server: 'https://chat.example.com/chat', accessToken: null }))
      .toMatchObject({ ok: false, status: 403 })
    for (const unusable of ['data:image/png;base64,AAAA', 'file:///etc/passwd', 'javascript:alert(1)', 'http://u:p@host/media/a', 'not a url']) {
      expect(toMediaUrl(unusable)).toBeNull()
    }
  })
})
