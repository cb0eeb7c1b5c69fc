#!/usr/bin/env node
// `npm run icons`: derives every icon Parley ships from the two SVG masters in resources/
// (icon.svg, tray.svg). The outputs are committed, so packaging never needs this script;
// run it after changing a master. sharp renders the SVGs (librsvg); icon-gen packs .ico
// and .icns.
//
//   resources/icon.png, icon.ico, icon.icns   electron-builder (buildResources) and the window
//   resources/icons/<N>x<N>.png               the Linux icon set (hicolor sizes)
//   resources/notification.png                notifications (256 px)
//   resources/tray/*.png                      tray: dark glyph for light panels, light glyph
//                                             for dark panels, macOS template images, each
//                                             with and without the unread dot, 1x and 2x
import { mkdir, readFile, rm } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import generateIcon from 'icon-gen'
import sharp from 'sharp'

const resources = join(dirname(fileURLToPath(import.meta.url)), '..', 'resources')
const LINUX_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024]
/** Tray glyph colours per panel; macOS template images must be black with alpha. */
const TRAY_VARIANTS = {
  'light-panel': { glyph: '#1f2328' },
  'dark-panel': { glyph: '#f6f8fa' },
  Template: { glyph: '#000000' },
}
/** Logical tray sizes: 16 px (Windows, Linux) and 22 px (macOS menu bar), each also at 2x. */
const TRAY_SIZE = { default: 16, Template: 22 }
const UNREAD_DOT = '<circle cx="52" cy="14" r="11" fill="#e5484d" stroke="#ffffff" stroke-width="3"/>'

/** Rasterizes at least at the master's own size (never upscaled pixels), then resizes down. */
function render(svg, size) {
  const viewBoxWidth = Number(/viewBox="0 0 (\d+)/.exec(svg)?.[1] ?? 1024)
  const density = Math.max(72, Math.ceil((72 * size) / viewBoxWidth))
  return sharp(Buffer.from(svg), { density }).resize(size, size).png({ compressionLevel: 9 })
}

async function appIcons() {
  const svg = await readFile(join(resources, 'icon.svg'), 'utf8')
  await mkdir(join(resources, 'icons'), { recursive: true })
  for (const size of LINUX_SIZES) await render(svg, size).toFile(join(resources, 'icons', `${size}x${size}.png`))
  await render(svg, 1024).toFile(join(resources, 'icon.png'))
  await render(svg, 256).toFile(join(resources, 'notification.png'))
  await generateIcon(join(resources, 'icon.svg'), resources, {
    report: false,
    ico: { name: 'icon', sizes: [16, 24, 32, 48, 64, 128, 256] },
    icns: { name: 'icon', sizes: [16, 32, 64, 128, 256, 512, 1024] },
  })
}

async function trayIcons() {
  const master = await readFile(join(resources, 'tray.svg'), 'utf8')
  const dir = join(resources, 'tray')
  await rm(dir, { recursive: true, force: true })
  await mkdir(dir, { recursive: true })
  for (const [variant, colours] of Object.entries(TRAY_VARIANTS)) {
    const plain = master.replace('fill="GLYPH"', `fill="${colours.glyph}"`)
    // The dot keeps its colour on every panel except macOS, where template images are monochrome.
    const dot = variant === 'Template' ? UNREAD_DOT.replace('#e5484d', '#000000').replace('#ffffff', 'none') : UNREAD_DOT
    const unread = plain.replace('</svg>', `${dot}</svg>`)
    const size = TRAY_SIZE[variant] ?? TRAY_SIZE.default
    for (const [state, svg] of [['', plain], ['-unread', unread]]) {
      const base = variant === 'Template' ? `tray${state}Template` : `tray-${variant}${state}`
      await render(svg, size).toFile(join(dir, `${base}.png`))
      await render(svg, size * 2).toFile(join(dir, `${base}@2x.png`))
    }
  }
}

await appIcons()
await trayIcons()
console.log(`icons written to ${resources}`)
