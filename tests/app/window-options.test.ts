// Every window's webPreferences (issue 10): isolated, sandboxed, no Node anywhere, no
// webviews, no insecure content; and the remembered window state never lands off-screen.
import { describe, expect, it } from 'vitest'
import { mainWindowOptions, MAIN_WINDOW_DEFAULT_SIZE, secureWebPreferences } from '../../src-main/app/window-options'
import { parseWindowState, restoreBounds } from '../../src-main/app/window-state'

const SECURE = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  experimentalFeatures: false,
  webviewTag: false,
  navigateOnDragDrop: false,
}

describe('window options', () => {
  it('the main window runs our preload in an isolated, sandboxed page without Node', () => {
    const options = mainWindowOptions('/app/out/preload/index.cjs', '/app/resources/icon.png', { width: 900, height: 700 })
    expect(options.webPreferences).toMatchObject({ ...SECURE, preload: '/app/out/preload/index.cjs' })
    expect(options.show).toBe(false)
    expect(options.icon).toBe('/app/resources/icon.png')
  })

  it('secure preferences are the same for any window', () => {
    expect(secureWebPreferences('/p.cjs')).toMatchObject(SECURE)
  })
})

describe('window state', () => {
  const screen = [{ x: 0, y: 0, width: 1920, height: 1080 }]
  const saved = { x: 100, y: 80, width: 1200, height: 800, maximized: false }

  it('restores a saved position that is on a display', () => {
    expect(restoreBounds(saved, screen)).toEqual({ x: 100, y: 80, width: 1200, height: 800 })
  })

  it('drops a position on a display that is gone, keeping a size that fits', () => {
    expect(restoreBounds({ ...saved, x: 2500, width: 3000 }, screen)).toEqual({ width: 1920, height: 800 })
  })

  it('keeps the title bar reachable (not above or below the display)', () => {
    expect(restoreBounds({ ...saved, y: -200 }, screen)).not.toHaveProperty('x')
    expect(restoreBounds({ ...saved, y: 1070 }, screen)).not.toHaveProperty('x')
  })

  it('never goes below the minimum size, and uses the default with nothing saved', () => {
    expect(restoreBounds({ ...saved, width: 10, height: 10 }, screen)).toMatchObject({ width: 720, height: 480 })
    expect(restoreBounds(null, screen)).toEqual({ ...MAIN_WINDOW_DEFAULT_SIZE })
  })

  it('accepts only a well-formed saved state', () => {
    expect(parseWindowState(saved)).toEqual(saved)
    for (const bad of [null, 'x', { ...saved, x: 'a' }, { ...saved, width: Number.NaN }, { ...saved, height: 1e9 }, {}]) {
      expect(parseWindowState(bad)).toBeNull()
    }
  })
})
