// Copies Pyodide's runtime files from node_modules/pyodide into public/pyodide/, served at
// /pyodide/ (no CDN at run time). Run by the predev/prebuild npm scripts; public/pyodide/ is
// git-ignored. Files already up to date (same size, not older) are skipped.
import { copyFileSync, existsSync, mkdirSync, statSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const REQUIRED = ['pyodide.mjs', 'pyodide.asm.mjs', 'pyodide.asm.wasm', 'python_stdlib.zip', 'pyodide-lock.json', 'package.json']
const OPTIONAL = ['pyodide.js', 'pyodide.asm.js']

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')

function upToDate(src, dest) {
  if (!existsSync(dest)) return false
  const a = statSync(src)
  const b = statSync(dest)
  return a.size === b.size && b.mtimeMs >= a.mtimeMs
}

/** Copies the files; returns how many were copied. Throws when a required file is missing. */
export function copyPyodide(source = join(root, 'node_modules', 'pyodide'), target = join(root, 'public', 'pyodide')) {
  const missing = REQUIRED.filter((f) => !existsSync(join(source, f)))
  if (missing.length) throw new Error(`pyodide: missing ${missing.join(', ')} in ${source} (run npm ci)`)
  mkdirSync(target, { recursive: true })
  let copied = 0
  for (const file of [...REQUIRED, ...OPTIONAL]) {
    const src = join(source, file)
    const dest = join(target, file)
    if (!existsSync(src) || upToDate(src, dest)) continue
    copyFileSync(src, dest)
    copied++
  }
  return copied
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const copied = copyPyodide()
    console.log(`copy-pyodide: ${copied} file(s) copied to public/pyodide/`)
  } catch (err) {
    console.error(`copy-pyodide: ${err instanceof Error ? err.message : err}`)
    process.exit(1)
  }
}
