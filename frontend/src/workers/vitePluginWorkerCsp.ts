/**
 * Vite plugin: the sandbox workers' own Content-Security-Policy on the dev and preview servers,
 * matching what the backend sends for the built files (a worker takes its CSP from its own
 * script response, not from the page).
 *
 * Built files (preview, production): `assets/sandbox-js.worker-*.js` and
 * `assets/sandbox-py.worker-*.js`. Dev serves the sources (`/src/workers/sandbox-js.worker.ts?worker_file...`)
 * whose imports are separate modules from our origin, so the dev JS policy also allows 'self'
 * scripts; connections stay blocked ('none').
 */
import type { Connect, Plugin } from 'vite'

export const JS_WORKER_CSP = "default-src 'none'; script-src 'unsafe-eval'"
export const PY_WORKER_CSP = "default-src 'none'; script-src 'self' 'unsafe-eval' 'wasm-unsafe-eval'; connect-src 'self'"
const JS_WORKER_DEV_CSP = "default-src 'none'; script-src 'self' 'unsafe-eval'"

const BUILT_JS = /\/assets\/sandbox-js\.worker-[\w-]+\.js$/
const BUILT_PY = /\/assets\/sandbox-py\.worker-[\w-]+\.js$/
const DEV_JS = /\/src\/workers\/sandbox-js\.worker\.ts$/
const DEV_PY = /\/src\/workers\/sandbox-py\.worker\.ts$/

/** The worker CSP for a request path, or null when the path is no sandbox worker. */
export function workerCspFor(pathname: string, dev: boolean): string | null {
  if (BUILT_JS.test(pathname)) return JS_WORKER_CSP
  if (BUILT_PY.test(pathname)) return PY_WORKER_CSP
  if (dev && DEV_JS.test(pathname)) return JS_WORKER_DEV_CSP
  if (dev && DEV_PY.test(pathname)) return PY_WORKER_CSP
  return null
}

function middleware(dev: boolean): Connect.NextHandleFunction {
  return (req, res, next) => {
    const pathname = (req.url ?? '').split('?')[0] ?? ''
    const csp = workerCspFor(pathname, dev)
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
  }
}
