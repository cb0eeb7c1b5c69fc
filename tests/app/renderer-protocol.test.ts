// app://parley/ serves the built renderer and nothing else (issue 10): the CSP comes as a
// header on every answer, types are right, and no path, encoded or symlinked, leads out.
import { mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createRendererProtocolHandler, RENDERER_CSP } from '../../src-main/app/renderer-protocol'

const base = mkdtempSync(join(tmpdir(), 'parley-app-protocol-'))
const root = join(base, 'renderer')
mkdirSync(join(root, 'assets'), { recursive: true })
writeFileSync(join(root, 'index.html'), '<!doctype html><title>Parley</title>')
writeFileSync(join(root, 'assets', 'index-abc.js'), 'console.log(1)')
writeFileSync(join(root, 'assets', 'app.css'), 'body{}')
writeFileSync(join(base, 'secret.txt'), 'not for the page')
symlinkSync(join(base, 'secret.txt'), join(root, 'assets', 'link.txt'))
afterAll(() => rmSync(base, { recursive: true, force: true }))

const handle = createRendererProtocolHandler(root)
const get = (url: string, method = 'GET') => handle(new Request(url, { method }))

describe('app:// renderer protocol', () => {
  it('serves the page and its assets with their types and the CSP header', async () => {
    for (const [url, type] of [
      ['app://parley/', 'text/html; charset=utf-8'],
      ['app://parley/index.html', 'text/html; charset=utf-8'],
      ['app://parley/assets/index-abc.js', 'text/javascript; charset=utf-8'],
      ['app://parley/assets/app.css', 'text/css; charset=utf-8'],
    ] as const) {
      const response = await get(url)
      expect(response.status, url).toBe(200)
      expect(response.headers.get('content-type'), url).toBe(type)
      expect(response.headers.get('content-security-policy')).toBe(RENDERER_CSP)
      expect(response.headers.get('x-content-type-options')).toBe('nosniff')
    }
    expect(await (await get('app://parley/index.html')).text()).toContain('<title>Parley</title>')
  })

  it('answers HEAD without a body', async () => {
    const response = await get('app://parley/index.html', 'HEAD')
    expect(response.status).toBe(200)
    expect(await response.text()).toBe('')
  })

  it('refuses every way out of the renderer folder', async () => {
    for (const url of [
      'app://parley/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
      'app://parley/..%2fsecret.txt',
      'app://parley/assets/..%5c..%5csecret.txt',
      'app://parley/index.html%00.js',
      'app://parley/assets/link.txt',
    ]) {
      const response = await get(url)
      expect(response.status, url).toBe(403)
      expect(await response.text()).not.toContain('not for the page')
    }
    // The URL parser folds a plain or fully encoded "../" segment before the handler sees
    // it: what is left names a file inside the folder, which does not exist.
    expect((await get('app://parley/../secret.txt')).status).toBe(404)
    expect((await get('app://parley/%2e%2e/secret.txt')).status).toBe(404)
  })

  it('refuses other hosts, missing files, bad encodings and writes', async () => {
    expect((await get('app://evil/index.html')).status).toBe(404)
    expect((await get('app://parley/nope.js')).status).toBe(404)
    expect((await get('app://parley/assets')).status).toBe(404)
    expect((await get('app://parley/%E0%A4%A')).status).toBe(400)
    expect((await get('app://parley/index.html', 'POST')).status).toBe(405)
  })

  it('sends no network origin in the CSP: the page reaches main only through the bridge', () => {
    expect(RENDERER_CSP).not.toMatch(/https?:/)
    expect(RENDERER_CSP).toContain("default-src 'none'")
    expect(RENDERER_CSP).toContain("script-src 'self'")
  })
})
