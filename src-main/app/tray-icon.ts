// The tray icon drawn in code (no binary assets to keep in sync): a speech bubble, with a
// red dot when something is unread. Pure: returns BGRA pixels for nativeImage.createFromBitmap.

export interface Bitmap {
  width: number
  height: number
  /** BGRA, row-major, premultiplied alpha not required by Electron for opaque edges. */
  pixels: Buffer
}

export function drawTrayIcon(size: number, unread: boolean): Bitmap {
  const pixels = Buffer.alloc(size * size * 4)
  const set = (x: number, y: number, [b, g, r]: readonly [number, number, number], alpha = 255) => {
    const i = (y * size + x) * 4
    pixels[i] = b
    pixels[i + 1] = g
    pixels[i + 2] = r
    pixels[i + 3] = alpha
  }
  const bubble = [0xd9, 0x7a, 0x2b] as const // BGR of #2b7ad9
  const dot = [0x3c, 0x3c, 0xe0] as const // BGR of #e03c3c
  const cx = size / 2
  const cy = size * 0.45
  const rx = size * 0.46
  const ry = size * 0.36
  for (let y = 0; y < size; y += 1) {
    for (let x = 0; x < size; x += 1) {
      const px = x + 0.5
      const py = y + 0.5
      const inEllipse = ((px - cx) / rx) ** 2 + ((py - cy) / ry) ** 2 <= 1
      // The tail: a small triangle under the bubble's lower left.
      const tail = py > cy && py < size * 0.95 && px > size * 0.2 && px < size * 0.2 + (size * 0.95 - py) * 0.8
      if (inEllipse || tail) set(x, y, bubble)
      if (unread) {
        const d = Math.hypot(px - size * 0.78, py - size * 0.22)
        if (d <= size * 0.22) set(x, y, dot)
      }
    }
  }
  return { width: size, height: size, pixels }
}
