import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'
import { fileURLToPath } from 'node:url'
import { workerCsp } from './src/workers/vitePluginWorkerCsp'

/** Same isolation headers as the backend: SharedArrayBuffer needs them (Pyodide interrupts). */
const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
}

const backend = process.env.BACKEND_URL ?? 'http://127.0.0.1:8000'

export default defineConfig({
  // workerCsp: the sandbox workers' own CSP on the dev/preview servers (as the backend sends it).
  plugins: [vue(), workerCsp()],
  resolve: { alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) } },
  optimizeDeps: { exclude: ['pyodide'] },
  // Worker files keep their source name: assets/sandbox-js.worker-[hash].js gets its own CSP.
  worker: { format: 'es' },
  server: {
    port: 5173,
    headers: isolationHeaders,
    proxy: {
      // The backend accepts socket.io only from its own origin (or CORS_ORIGINS): present the
      // proxied handshake as same-origin, so dev works without extra settings.
      '/ws': {
        target: backend,
        ws: true,
        changeOrigin: true,
        configure: (proxy) => {
          proxy.on('proxyReq', (req) => req.setHeader('origin', backend))
          proxy.on('proxyReqWs', (req) => req.setHeader('origin', backend))
        },
      },
      '/sessions': { target: backend, changeOrigin: true },
      '/questions': { target: backend, changeOrigin: true },
      '/meta': { target: backend, changeOrigin: true },
      '/health': { target: backend, changeOrigin: true },
    },
  },
  preview: { headers: isolationHeaders },
  build: { target: 'es2022', chunkSizeWarningLimit: 8000 },
})
