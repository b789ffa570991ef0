/**
 * Starts the real backend (`python -m interview_sim`) on a free port with a throwaway SQLite
 * database and the built frontend, and stops it by its own process handle.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll } from 'vitest'
import { launch } from './browser'

export const REPO_ROOT = resolve(import.meta.dirname, '../../..')
export const FRONTEND_DIST = join(REPO_ROOT, 'frontend', 'dist')

export interface Backend {
  url: string
  /** The server process (absent for E2E_BASE_URL): tests may freeze it with SIGSTOP. */
  pid?: number
  logs: () => string
  stop: () => Promise<void>
}

/** A port nothing listens on now (the kernel's pick). */
export function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer()
    srv.once('error', fail)
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port
      srv.close(() => ok(port))
    })
  })
}

async function waitForHealth(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`backend exited with code ${child.exitCode}`)
    try {
      const res = await fetch(`${url}/health`)
      if (res.status === 200) return
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 200))
  }
  throw new Error(`backend did not answer /health within ${timeoutMs} ms`)
}

/** E2E_BASE_URL points the tests at an already running server instead (nothing is started). */
export async function startBackend(env: Record<string, string> = {}): Promise<Backend> {
  const external = process.env.E2E_BASE_URL
  if (external && Object.keys(env).length === 0) return { url: external.replace(/\/$/, ''), logs: () => '', stop: async () => {} }
  if (!existsSync(join(FRONTEND_DIST, 'index.html'))) {
    throw new Error(`no built frontend in ${FRONTEND_DIST}: run \`npm run build\` first`)
  }
  const port = await freePort()
  const dir = mkdtempSync(join(tmpdir(), 'interview-sim-e2e-'))
  let output = ''
  const child = spawn(join(REPO_ROOT, '.venv/bin/python'), ['-m', 'interview_sim'], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: `sqlite://${join(dir, 'e2e.sqlite3')}`,
      LLM_API_KEY: '',
      REDIS_URL: '',
      FRONTEND_DIST,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  child.stdout?.on('data', (d) => (output += String(d)))
  child.stderr?.on('data', (d) => (output += String(d)))
  const url = `http://127.0.0.1:${port}`
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r))
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000)
      await exited
      clearTimeout(timer)
    }
    rmSync(dir, { recursive: true, force: true })
  }
  try {
    await waitForHealth(url, child, 60_000)
  } catch (err) {
    await stop()
    throw new Error(`${(err as Error).message}\n--- backend output ---\n${output}`)
  }
  return { url, pid: child.pid, logs: () => output, stop }
}

/** A backend and a Chromium shared by a test file's tests: started before the first, stopped after
 * the last. */
export function backendAndBrowser(env: Record<string, string> = {}): { backend: Backend; browser: Browser } {
  const suite = {} as { backend: Backend; browser: Browser }
  beforeAll(async () => {
    suite.backend = await startBackend(env)
    suite.browser = await launch()
  })
  afterAll(async () => {
    await suite.browser?.close()
    await suite.backend?.stop()
  })
  return suite
}
