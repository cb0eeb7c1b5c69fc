// Files through main: read by path in ranges, progress to 100%, bytes intact on the server
// (sha256 over GET file_url), checks before reading, cancel leaving nothing behind, and
// received files opened/saved through the injected shell and dialogs.
import { createHash, randomBytes } from 'node:crypto'
import { readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { OutboxItem, UploadProgress } from '../../src-shared/ipc/contract'
import { startEmbeddedServer, type EmbeddedServer, type EmbeddedServerOptions } from './support/embedded-server'
import { sendFileAndAwait, serverMessages, signedInConversation, value, type TestUser } from './support/session'
import { makeTempDir, removeDir, startTestMainProcess, type TestMainProcess } from './support/test-services'
import { waitUntil } from './support/wait'

let server: EmbeddedServer
let dataDir: string
let main: TestMainProcess
let bob: TestUser
let conversationId: number

async function setUp(options: EmbeddedServerOptions = {}): Promise<void> {
  server = await startEmbeddedServer(options)
  dataDir = await makeTempDir()
  main = await startTestMainProcess({ dataDir })
  ;({ bob, conversationId } = await signedInConversation(main, server))
}

afterEach(async () => {
  await main.stop()
  await server.close()
  await removeDir(dataDir)
})

async function writeRandomFile(name: string, bytes: number): Promise<{ path: string; sha256: string }> {
  const content = randomBytes(bytes)
  const path = join(dataDir, name)
  await writeFile(path, content)
  return { path, sha256: createHash('sha256').update(content).digest('hex') }
}

const progressOf = (clientId: string): UploadProgress[] =>
  main.events.flatMap((e) => (e.event === 'upload-progress' && (e.payload as UploadProgress).clientId === clientId ? [e.payload as UploadProgress] : []))

const sendAndAwait = (path: string) => sendFileAndAwait(main, conversationId, path, 'the numbers')

async function sha256OfUrl(url: string): Promise<string> {
  const response = await fetch(url)
  expect(response.status).toBe(200)
  return createHash('sha256').update(Buffer.from(await response.arrayBuffer())).digest('hex')
}

describe('sending files', () => {
  beforeEach(() => setUp())

  it('sends a 50 MB file with monotonic progress to 100% and the bytes intact', async () => {
    const file = await writeRandomFile('numbers.bin', 50 * 1024 * 1024)
    const { item, message } = await sendAndAwait(file.path)
    expect(message.file_attachment?.filename).toBe('numbers.bin')
    expect(message.file_attachment?.file_size).toBe(50 * 1024 * 1024)
    expect(message.content).toBe('the numbers')

    const progress = progressOf(item.clientId)
    expect(progress.length).toBeGreaterThan(1)
    for (let i = 1; i < progress.length; i += 1) expect(progress[i]!.sentBytes).toBeGreaterThanOrEqual(progress[i - 1]!.sentBytes)
    expect(progress.at(-1)).toMatchObject({ sentBytes: 50 * 1024 * 1024, totalBytes: 50 * 1024 * 1024 })
    expect(await sha256OfUrl(message.file_attachment!.file_url)).toBe(file.sha256)
  })

  it('cancelling mid-way leaves nothing behind on either side', async () => {
    const file = await writeRandomFile('big.bin', 50 * 1024 * 1024)
    const item = value<OutboxItem>(await main.invoke('messages:send-file', conversationId, file.path))
    await waitUntil(() => progressOf(item.clientId).some((p) => p.sentBytes > 0), 'the upload to start')
    value(await main.invoke('outbox:discard', item.clientId))

    expect(value<OutboxItem[]>(await main.invoke('outbox:list', conversationId))).toEqual([])
    const uploads = join(server.dataDir, 'uploads')
    await waitUntil(async () => (await readdir(uploads).catch(() => [])).filter((n) => n.endsWith('.part')).length === 0, 'the partial upload to be removed')
    expect(await serverMessages(server, bob, conversationId)).toEqual([])
    // And after a restart nothing comes back to life.
    await main.stop()
    main = await startTestMainProcess({ dataDir })
    expect(value<OutboxItem[]>(await main.invoke('outbox:list', conversationId))).toEqual([])
    expect(await serverMessages(server, bob, conversationId)).toEqual([])
  })

  it('refuses a missing path or a folder before reading anything', async () => {
    expect(await main.invoke('messages:send-file', conversationId, join(dataDir, 'nope.txt'))).toMatchObject({ ok: false, error: { code: 'not-found' } })
    expect(await main.invoke('messages:send-file', conversationId, dataDir)).toMatchObject({ ok: false, error: { code: 'invalid-argument' } })
    expect(await main.invoke('messages:send-file', conversationId, 'relative/path.txt')).toMatchObject({ ok: false, error: { code: 'invalid-argument' } })
  })

  it('sends a pasted clipboard image and removes its temp file once sent', async () => {
    expect(value(await main.invoke('messages:send-clipboard-image', conversationId))).toBeNull()
    main.clipboard.png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex')
    const item = value<OutboxItem>(await main.invoke('messages:send-clipboard-image', conversationId))
    expect(item.file?.name).toMatch(/^Pasted image .+\.png$/)
    await waitUntil(async () => value<OutboxItem[]>(await main.invoke('outbox:list', conversationId)).length === 0, 'delivery')
    await waitUntil(async () => (await readdir(join(main.paths.data, 'outgoing'))).length === 0, 'the temp image to be removed')
  })

  it('opens a received file from the cache, asking first for a risky type, and saves it under a clean name', async () => {
    const file = await writeRandomFile('notes.txt', 1000)
    const { message } = await sendAndAwait(file.path)
    value(await main.invoke('files:open', conversationId, message.id))
    expect(main.shell.opened).toHaveLength(1)
    expect(createHash('sha256').update(await readFile(main.shell.opened[0]!)).digest('hex')).toBe(file.sha256)

    const script = await writeRandomFile('run-me.sh', 100)
    const { message: risky } = await sendAndAwait(script.path)
    main.dialogs.confirmRisky = false
    value(await main.invoke('files:open', conversationId, risky.id))
    expect(main.dialogs.asked.at(-1)).toEqual({ kind: 'risky', detail: 'run-me.sh' })
    expect(main.shell.opened).toHaveLength(1) // declined: not opened

    main.dialogs.nextSaveTarget = join(dataDir, 'saved.txt')
    expect(value(await main.invoke('files:save-as', conversationId, message.id))).toBe(true)
    expect(main.dialogs.asked.at(-1)).toEqual({ kind: 'save', detail: 'notes.txt' })
    expect(createHash('sha256').update(await readFile(join(dataDir, 'saved.txt'))).digest('hex')).toBe(file.sha256)
    main.dialogs.nextSaveTarget = null
    expect(value(await main.invoke('files:save-as', conversationId, message.id))).toBe(false)

    // Signing out removes the downloaded copies with the rest of the account's data.
    value(await main.invoke('session:sign-out'))
    await expect(readFile(main.shell.opened[0]!)).rejects.toThrow()
  })
})

describe('limits and seed-only servers', () => {
  it('checks the server size limit before reading the file', async () => {
    await setUp({ limits: { maxFileBytes: 1024 * 1024 } })
    const file = await writeRandomFile('too-big.bin', 1024 * 1024 + 1)
    expect(await main.invoke('messages:send-file', conversationId, file.path)).toMatchObject({ ok: false, error: { code: 'too-large' } })
    expect(value<OutboxItem[]>(await main.invoke('outbox:list', conversationId))).toEqual([])
  })

  it('sends through the seed file_message frame to a seed-only server, bytes intact', async () => {
    await setUp({ seedOnly: true })
    const file = await writeRandomFile('seed.bin', 3 * 1024 * 1024)
    const { item, message } = await sendAndAwait(file.path)
    expect(progressOf(item.clientId).at(-1)).toMatchObject({ sentBytes: 3 * 1024 * 1024, totalBytes: 3 * 1024 * 1024 })
    expect(await sha256OfUrl(message.file_attachment!.file_url)).toBe(file.sha256)
  })
})
