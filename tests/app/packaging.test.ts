// What packaging ships: every fuse decided, and every icon the config and the app name
// present, of the right kind and size. electron-builder itself cannot run here (it downloads
// Electron), so its config is checked as data.
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import config, { ELECTRON_FUSES } from '../../electron-builder'
import { URL_SCHEME } from '../../src-main/app/join-link'
import { appIconFile, notificationIconFile, resourcesDir, trayIconFile } from '../../src-main/app/resource-paths'

const root = join(__dirname, '..', '..')
const resources = resourcesDir({ isPackaged: false, resourcesPath: '/nowhere', appPath: root })

describe('electron fuses', () => {
  it('flips every fuse the issue names, and names all of them', () => {
    expect(ELECTRON_FUSES).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      loadBrowserProcessSpecificV8Snapshot: false,
      grantFileProtocolExtraPrivileges: false,
      resetAdHocDarwinSignature: false,
    })
    expect(config.electronFuses).toBe(ELECTRON_FUSES)
    expect(config.asar).toBe(true)
  })

  it('registers the parley: scheme for join links', () => {
    expect(config.protocols).toEqual([{ name: 'Parley join link', schemes: [URL_SCHEME] }])
    expect(config.linux?.mimeTypes).toContain(`x-scheme-handler/${URL_SCHEME}`)
  })
})

describe('icons', () => {
  const magic = (file: string, bytes: number[]) => expect([...readFileSync(file).subarray(0, bytes.length)]).toEqual(bytes)

  it('has the platform icons electron-builder is pointed at', () => {
    magic(join(root, config.win!.icon as string), [0, 0, 1, 0]) // ICONDIR, type 1 = icon
    magic(join(root, config.mac!.icon as string), [...Buffer.from('icns')])
    expect(config.directories?.buildResources).toBe('resources')
  })

  it('has the Linux icon set at every size it names', async () => {
    for (const size of [16, 24, 32, 48, 64, 128, 256, 512, 1024]) {
      const meta = await sharp(join(root, config.linux!.icon as string, `${size}x${size}.png`)).metadata()
      expect([meta.format, meta.width, meta.height]).toEqual(['png', size, size])
    }
  })

  it('ships every file the app loads at run time, at the sizes it expects', async () => {
    expect((await sharp(appIconFile(resources)).metadata()).width).toBe(1024)
    expect((await sharp(notificationIconFile(resources)).metadata()).width).toBe(256)
    for (const platform of ['darwin', 'linux', 'win32'] as const) {
      for (const panel of ['light-panel', 'dark-panel'] as const) {
        for (const unread of [false, true]) {
          const file = trayIconFile(resources, platform, panel, unread)
          const logical = platform === 'darwin' ? 22 : 16
          expect((await sharp(file).metadata()).width).toBe(logical)
          expect((await sharp(file.replace(/\.png$/, '@2x.png')).metadata()).width).toBe(logical * 2)
        }
      }
    }
  })

  it('copies those files next to app.asar in a packaged app', () => {
    const packaged = resourcesDir({ isPackaged: true, resourcesPath: '/opt/Parley/resources', appPath: '/opt/Parley/resources/app.asar' })
    const shipped = (config.extraResources as { from: string; to: string }[])
    for (const file of [appIconFile(packaged), notificationIconFile(packaged), trayIconFile(packaged, 'linux', 'dark-panel', true)]) {
      const relative = file.slice('/opt/Parley/resources/'.length)
      const entry = shipped.find((e) => relative === e.to || relative.startsWith(`${e.to}/`))
      expect(entry, relative).toBeDefined()
      expect(existsSync(join(root, entry!.from))).toBe(true)
    }
  })

  it('derives the tray variants from one master: the unread ones differ', async () => {
    const pixels = async (unread: boolean) => (await sharp(trayIconFile(resources, 'linux', 'light-panel', unread)).raw().toBuffer()).toString('hex')
    expect(await pixels(true)).not.toBe(await pixels(false))
  })
})
