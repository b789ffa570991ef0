/**
 * The Python sandbox: Pyodide in a module worker that stays alive between runs (loading costs
 * about 2 s). Pyodide's files come from our own origin (`indexURL`, normally `/pyodide/`).
 * The server gives this file `Content-Security-Policy: default-src 'none'; script-src 'self'
 * 'unsafe-eval' 'wasm-unsafe-eval'; connect-src 'self'`.
 *
 * Protocol: the first (global) message is `init` with a private MessagePort and, when the page
 * is cross-origin isolated, a SharedArrayBuffer interrupt buffer (the runner writes 2 = SIGINT
 * at the deadline: Python raises KeyboardInterrupt). Runs arrive and results leave over the port.
 */
import type { PyodideAPI } from 'pyodide'
import { lockNetwork } from '../lib/sandboxHarness'
import { PY_HARNESS } from '../lib/sandboxPyHarness'
import type { PythonInitMessage, PythonRunMessage, WorkerReport } from '../lib/sandboxTypes'

interface WorkerScope {
  onmessage: ((ev: MessageEvent) => void) | null
}
type PyFn = ((...args: unknown[]) => unknown) & { destroy?: () => void }
interface Harness {
  load: PyFn
  runCase: PyFn
}

const scope = globalThis as unknown as WorkerScope

scope.onmessage = (ev: MessageEvent): void => {
  const port = ev.ports[0]
  const init = ev.data as PythonInitMessage
  if (!port || init?.type !== 'init') return
  scope.onmessage = null
  void boot(port, init)
}

async function boot(port: MessagePort, init: PythonInitMessage): Promise<void> {
  const send = port.postMessage.bind(port) as (msg: WorkerReport) => void
  let harness: Harness
  try {
    const pyodide = await loadRuntime(init)
    pyodide.runPython(PY_HARNESS)
    harness = { load: pyodide.globals.get('_sandbox_load') as PyFn, runCase: pyodide.globals.get('_sandbox_run_case') as PyFn }
  } catch (err) {
    send({ type: 'load-error', message: errorText(err) })
    return
  }
  lockNetwork(globalThis)
  port.onmessage = (ev: MessageEvent): void => {
    const job = ev.data as PythonRunMessage
    if (job?.type === 'run') execute(send, harness, job)
  }
  send({ type: 'loaded' })
}

async function loadRuntime(init: PythonInitMessage): Promise<PyodideAPI> {
  const url = `${init.indexURL}pyodide.mjs`
  const mod = (await import(/* @vite-ignore */ url)) as { loadPyodide: (cfg: object) => Promise<PyodideAPI> }
  const quiet = (): void => {}
  const pyodide = await mod.loadPyodide({ indexURL: init.indexURL, stdout: quiet, stderr: quiet, stdin: () => null })
  if (init.interrupt) pyodide.setInterruptBuffer(init.interrupt)
  return pyodide
}

/** Runs every test of one job; a KeyboardInterrupt ends it with `interrupted`. */
function execute(send: (msg: WorkerReport) => void, harness: Harness, job: PythonRunMessage): void {
  const runId = job.runId
  send({ type: 'started', runId })
  try {
    const loaded = callJson(harness.load, job.code, job.functionName)
    if (loaded.interrupted) return send({ type: 'done', runId, interrupted: true })
    if (typeof loaded.error === 'string') {
      return send({ type: 'compile-error', runId, message: loaded.error, stdout: String(loaded.stdout ?? '') })
    }
    if (loaded.stdout) send({ type: 'prelude', runId, stdout: String(loaded.stdout) })
    for (let index = 0; index < job.args.length; index++) {
      const r = callJson(harness.runCase, JSON.stringify(job.args[index]))
      if (r.interrupted) return send({ type: 'done', runId, interrupted: true })
      send({ type: 'case', runId, index, actual: r.actual ?? null, ms: Number(r.ms ?? 0), error: r.error as string | undefined, stdout: r.stdout as string | undefined })
    }
    send({ type: 'done', runId })
  } catch (err) {
    const interrupted = isKeyboardInterrupt(err)
    const fatal = interrupted ? undefined : `${errorText(err)} (Python crashed; the sandbox restarts)`
    send({ type: 'done', runId, interrupted, fatal })
  }
}

function callJson(fn: PyFn, ...args: unknown[]): Record<string, unknown> {
  return JSON.parse(String(fn(...args))) as Record<string, unknown>
}

function isKeyboardInterrupt(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { type?: unknown }).type === 'KeyboardInterrupt'
}

function errorText(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}`.slice(0, 2000) : String(err)
}
