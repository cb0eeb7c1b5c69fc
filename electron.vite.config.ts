import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import react from '@vitejs/plugin-react'

export default defineConfig({
  main: {
    build: {
      rollupOptions: {
        // server-process: the embedded server's own entry, run in a utilityProcess (src-main/host).
        input: { index: resolve(__dirname, 'src-main/index.ts'), 'server-process': resolve(__dirname, 'src-main/host/server-process.ts') },
      },
    },
  },
  preload: {
    build: {
      rollupOptions: {
        input: { index: resolve(__dirname, 'src-preload/index.ts') },
        // Sandboxed preloads cannot require() local chunks: emit one CommonJS file.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src-renderer'),
    build: {
      // electron-vite leaves the renderer unminified by default; it ships in the app and is
      // served to LAN browsers, so production builds are minified (1 MB → about a third).
      minify: true,
      rollupOptions: { input: { index: resolve(__dirname, 'src-renderer/index.html') } },
    },
    plugins: [react()],
  },
})
