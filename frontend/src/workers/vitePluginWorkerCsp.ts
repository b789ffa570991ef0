/**
 * Vite plugin: the sandbox workers' own Content-Security-Policy on the dev and preview servers,
 * the same policies the backend sends for the built files (a worker takes its CSP from its own
 * script response, not from the page). The policies live in `csp.json` only: the build copies it to
 * `dist/worker-csp.json`, which the backend reads.
 *
 * Built files (preview, production): `assets/sandbox-js.worker-*.js` and
 * `assets/sandbox-py.worker-*.js`. Dev serves the sources (`/src/workers/sandbox-js.worker.ts?worker_file...`)
 * whose imports are separate modules from our origin, so the dev JS policy also allows 'self'
 * scripts; connections stay blocked ('none'). The Python worker may fetch only `/pyodide/`.
 */
import type { Connect, Plugin } from 'vite'
import policies from './csp.json'

export const JS_WORKER_CSP = policies.js
const JS_WORKER_DEV_CSP = policies.jsDev

/** The Python worker's policy for a serving origin (`http://host:port`). */
export function pyWorkerCsp(origin: string): string {
  return policies.py.replace('{origin}', origin)
}

const BUILT_JS = /\/assets\/sandbox-js\.worker-[\w-]+\.js$/
const BUILT_PY = /\/assets\/sandbox-py\.worker-[\w-]+\.js$/
const DEV_JS = /\/src\/workers\/sandbox-js\.worker\.ts$/
const DEV_PY = /\/src\/workers\/sandbox-py\.worker\.ts$/

/** The worker CSP for a request path, or null when the path is no sandbox worker. */
export function workerCspFor(pathname: string, dev: boolean, origin = 'http://localhost'): string | null {
  if (BUILT_JS.test(pathname)) return JS_WORKER_CSP
  if (BUILT_PY.test(pathname)) return pyWorkerCsp(origin)
  if (dev && DEV_JS.test(pathname)) return JS_WORKER_DEV_CSP
  if (dev && DEV_PY.test(pathname)) return pyWorkerCsp(origin)
  return null
}

function middleware(dev: boolean): Connect.NextHandleFunction {
  return (req, res, next) => {
    const pathname = (req.url ?? '').split('?')[0] ?? ''
    const csp = workerCspFor(pathname, dev, `http://${req.headers.host ?? 'localhost'}`)
    if (csp) res.setHeader('Content-Security-Policy', csp)
    next()
  }
}

export function workerCsp(): Plugin {
  return {
    name: 'interview-sim:sandbox-worker-csp',
    configureServer(server) {
      server.middlewares.use(middleware(true))
    },
    configurePreviewServer(server) {
      server.middlewares.use(middleware(false))
    },
    generateBundle() {
      const { js, py } = policies
      this.emitFile({ type: 'asset', fileName: 'worker-csp.json', source: JSON.stringify({ js, py }, null, 2) })
    },
  }
}
