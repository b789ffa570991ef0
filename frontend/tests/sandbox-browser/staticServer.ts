/**
 * A tiny static server that answers like the backend does: COOP/COEP/CORP on every response,
 * the sandbox workers' CSP by file name, `/pyodide/*` from public/pyodide/, a favicon.
 */
import { createReadStream, existsSync, statSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join, normalize, sep } from 'node:path'
import { workerCspFor } from '../../src/workers/vitePluginWorkerCsp'

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.zip': 'application/zip',
  '.css': 'text/css',
}

export const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
}

export interface Running {
  url: string
  close: () => Promise<void>
}

function resolveFile(root: string, pyodide: string, pathname: string): string | null {
  const [base, rel] = pathname.startsWith('/pyodide/') ? [pyodide, pathname.slice('/pyodide/'.length)] : [root, pathname.slice(1) || 'index.html']
  const file = normalize(join(base, decodeURIComponent(rel)))
  if (!file.startsWith(base + sep)) return null
  return existsSync(file) && statSync(file).isFile() ? file : null
}

/** `isolate: false` leaves out COOP/COEP/CORP (a page that is not cross-origin isolated). */
export function serveStatic(root: string, pyodide: string, isolate = true): Promise<Running> {
  const server: Server = createServer((req, res) => {
    const pathname = new URL(req.url ?? '/', 'http://x').pathname
    if (isolate) for (const [k, v] of Object.entries(ISOLATION_HEADERS)) res.setHeader(k, v)
    const csp = workerCspFor(pathname, false, `http://${req.headers.host ?? 'localhost'}`) // the Python worker may fetch only this origin's /pyodide/
    if (csp) res.setHeader('Content-Security-Policy', csp)
    const file = resolveFile(root, pyodide, pathname)
    if (!file) {
      res.writeHead(pathname === '/favicon.ico' ? 204 : 404).end()
      return
    }
    res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' })
    createReadStream(file).pipe(res)
  })
  return listen(server)
}

/** Starts `server` on a free loopback port. */
export function listen(server: Server): Promise<Running> {
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo
      resolve({
        url: `http://127.0.0.1:${port}`,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections()
            server.close(() => done())
          }),
      })
    })
  })
}
