/**
 * Builds the sandbox test page (page/) with Vite into node_modules/.cache/sandbox-browser/,
 * with the same worker settings as the app (ES module workers, file names kept), and copies
 * Pyodide into public/pyodide/ (the test server serves it at /pyodide/).
 */
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'vite'

const here = dirname(fileURLToPath(import.meta.url))
export const FRONTEND_DIR = resolve(here, '..', '..')
export const PAGE_DIR = join(here, 'page')
export const DIST_DIR = join(FRONTEND_DIR, 'node_modules', '.cache', 'sandbox-browser', 'dist')
export const PYODIDE_DIR = join(FRONTEND_DIR, 'public', 'pyodide')

export async function buildPage(): Promise<void> {
  // @ts-expect-error -- plain .mjs script without types
  const { copyPyodide } = (await import('../../scripts/copy-pyodide.mjs')) as { copyPyodide: () => number }
  copyPyodide()
  await build({
    root: PAGE_DIR,
    configFile: false,
    logLevel: 'warn',
    publicDir: false,
    base: '/',
    build: { outDir: DIST_DIR, emptyOutDir: true, target: 'es2022', sourcemap: false },
    worker: { format: 'es' },
  })
}
