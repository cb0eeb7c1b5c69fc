// The main window comes back where the user left it: size, position, maximized. What was
// saved is only used where it still fits a connected display (a monitor unplugged since
// must not leave the window off-screen). Pure; window.ts does the saving.
import { MAIN_WINDOW_DEFAULT_SIZE, MAIN_WINDOW_MIN_SIZE, type Bounds } from './window-options'

export interface SavedWindowState {
  x: number
  y: number
  width: number
  height: number
  maximized: boolean
}

export interface Rect {
  x: number
  y: number
  width: number
  height: number
}

/** How much of the title bar must be on a display for the saved position to be kept. */
const VISIBLE_MARGIN = 48

/** Validates what the settings file holds (it may be old, hand-edited or damaged). */
export function parseWindowState(value: unknown): SavedWindowState | null {
  if (typeof value !== 'object' || value === null) return null
  const v = value as Record<string, unknown>
  const numbers = [v.x, v.y, v.width, v.height]
  if (!numbers.every((n) => typeof n === 'number' && Number.isFinite(n) && Math.abs(n) < 100_000)) return null
  return { x: v.x as number, y: v.y as number, width: v.width as number, height: v.height as number, maximized: v.maximized === true }
}

/** Bounds for a new main window: the saved ones where they fit a display, else the default size, centred by the OS. */
export function restoreBounds(saved: SavedWindowState | null, displays: Rect[]): Bounds {
  if (!saved) return { ...MAIN_WINDOW_DEFAULT_SIZE }
  const width = Math.max(MAIN_WINDOW_MIN_SIZE.width, Math.round(saved.width))
  const height = Math.max(MAIN_WINDOW_MIN_SIZE.height, Math.round(saved.height))
  const display = displays.find((d) => titleBarVisible({ x: saved.x, y: saved.y, width }, d))
  if (!display) return { width: Math.min(width, largest(displays, 'width')), height: Math.min(height, largest(displays, 'height')) }
  return {
    x: Math.round(saved.x),
    y: Math.round(saved.y),
    width: Math.min(width, display.width),
    height: Math.min(height, display.height),
  }
}

function titleBarVisible(window: { x: number; y: number; width: number }, display: Rect): boolean {
  const overlap = Math.min(window.x + window.width, display.x + display.width) - Math.max(window.x, display.x)
  return overlap >= VISIBLE_MARGIN && window.y >= display.y && window.y <= display.y + display.height - VISIBLE_MARGIN
}

function largest(displays: Rect[], side: 'width' | 'height'): number {
  return displays.length === 0 ? Number.MAX_SAFE_INTEGER : Math.max(...displays.map((d) => d[side]))
}
