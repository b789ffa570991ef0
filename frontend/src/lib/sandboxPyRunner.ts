/**
 * Runs Python tests in one long-lived Pyodide worker (runs queue one after another).
 *
 * At the deadline: when the page is cross-origin isolated, write SIGINT into the shared
 * interrupt buffer (Python raises KeyboardInterrupt, the worker stays); if the worker does not
 * answer within INTERRUPT_GRACE_MS (candidate code swallowed the interrupt), or there is no
 * shared memory, terminate it and load a fresh one in the background.
 */
import { ref, type Ref } from 'vue'
import { RunCollector } from './sandboxCollector'
import { assembleOutcome } from './sandboxResults'
import type { PythonInitMessage, PythonRunMessage, PythonStatus, SandboxOutcome, SandboxTest } from './sandboxTypes'

const LOAD_LIMIT_MS = 60_000
const START_LIMIT_MS = 10_000
const INTERRUPT_GRACE_MS = 1_000
const SIGINT = 2

interface Host {
  worker: Worker
  port: MessagePort
  ready: Promise<void>
  interrupt?: Int32Array
  onReport?: (data: unknown) => void
}

const status = ref<PythonStatus>('idle')
let host: Host | null = null
let generation = 0
let nextRunId = 1
let queue: Promise<unknown> = Promise.resolve()

export function pythonStatus(): Ref<PythonStatus> {
  return status
}

/** How many Python workers were started so far (tests use it to see an interrupt kept the worker). */
export function pythonWorkerGeneration(): number {
  return generation
}

/**
 * Starts loading Pyodide in the background; resolves when it is ready or has failed (never
 * rejects: `pythonStatus()` says 'error', and the next run or preload tries again).
 */
export function preloadPython(): Promise<void> {
  return ensureHost().ready.catch(() => {})
}

function pyodideIndexUrl(): string {
  return new URL(`${import.meta.env.BASE_URL ?? '/'}pyodide/`, self.location.href).href
}

function ensureHost(): Host {
  host ??= startHost()
  return host
}

function startHost(): Host {
  generation++
  status.value = 'loading'
  const worker = new Worker(new URL('../workers/sandbox-py.worker.ts', import.meta.url), { type: 'module' })
  const channel = new MessageChannel()
  const shared = globalThis.crossOriginIsolated && typeof SharedArrayBuffer === 'function'
  const h: Host = { worker, port: channel.port1, ready: Promise.resolve(), interrupt: shared ? new Int32Array(new SharedArrayBuffer(4)) : undefined }
  h.ready = new Promise<void>((resolve, reject) => {
    const fail = (message: string): void => {
      discard(h)
      if (host === null) status.value = 'error'
      reject(new Error(message))
    }
    const limit = setTimeout(() => fail('Python did not load in time'), LOAD_LIMIT_MS)
    h.onReport = (data) => {
      const msg = data as { type?: string; message?: string }
      if (msg?.type === 'loaded') {
        clearTimeout(limit)
        h.onReport = undefined
        if (host === h) status.value = 'ready'
        resolve()
      } else if (msg?.type === 'load-error') fail(`Python failed to load: ${msg.message ?? ''}`)
    }
    worker.onerror = (ev: ErrorEvent): void => {
      ev.preventDefault()
      clearTimeout(limit)
      fail(`The Python sandbox failed: ${ev.message || 'worker error'}`)
    }
  })
  h.ready.catch(() => {})
  channel.port1.onmessage = (ev: MessageEvent): void => h.onReport?.(ev.data)
  const init: PythonInitMessage = { type: 'init', indexURL: pyodideIndexUrl(), interrupt: h.interrupt }
  worker.postMessage(init, [channel.port2])
  return h
}

/** Terminates a worker; if it was the current one, the next use starts a fresh one. */
function discard(h: Host): void {
  h.worker.terminate()
  h.port.close()
  if (host === h) host = null
}

function restartInBackground(h: Host): void {
  discard(h)
  void preloadPython()
}

export function runPython(code: string, tests: SandboxTest[], timeoutMs: number, functionName: string): Promise<SandboxOutcome> {
  const run = queue.then(() => runOnce(code, tests, timeoutMs, functionName))
  queue = run.catch(() => {})
  return run
}

async function runOnce(code: string, tests: SandboxTest[], timeoutMs: number, functionName: string): Promise<SandboxOutcome> {
  const h = ensureHost()
  try {
    await h.ready
  } catch (err) {
    const failure = err instanceof Error ? err.message : String(err)
    const outcome = assembleOutcome('python', tests, new Map(), { timedOut: false, timeoutMs, failure })
    return { ...outcome, sandbox_error: failure }
  }
  return execute(h, code, tests, timeoutMs, functionName)
}

function execute(h: Host, code: string, tests: SandboxTest[], timeoutMs: number, functionName: string): Promise<SandboxOutcome> {
  const runId = nextRunId++
  return new Promise((resolve) => {
    const run = new PythonRun(h, new RunCollector('python', tests, timeoutMs, runId), resolve)
    if (h.interrupt) Atomics.store(h.interrupt, 0, 0)
    const job: PythonRunMessage = { type: 'run', runId, code, functionName, args: tests.map((t) => t.args) }
    h.port.postMessage(job)
    run.armStartLimit()
  })
}

/** One run on a host: the clock starts at `started`; interrupt, then kill, at the limit. */
class PythonRun {
  private settled = false
  private timer?: ReturnType<typeof setTimeout>

  constructor(
    private readonly h: Host,
    private readonly collector: RunCollector,
    private readonly resolve: (o: SandboxOutcome) => void,
  ) {
    h.onReport = (data) => this.onReport(data)
    h.worker.onerror = (ev: ErrorEvent): void => {
      ev.preventDefault()
      this.kill(false, `The Python sandbox failed: ${ev.message || 'worker error'}`, true)
    }
  }

  armStartLimit(): void {
    this.timer = setTimeout(() => this.kill(false, 'The Python sandbox did not start the run', true), START_LIMIT_MS)
  }

  private onReport(data: unknown): void {
    const step = this.collector.handle(data)
    if (step === 'started') {
      clearTimeout(this.timer)
      this.timer = setTimeout(() => this.deadline(), this.collector.timeoutMs)
    } else if (step === 'finished') {
      if ((data as { fatal?: unknown }).fatal) restartInBackground(this.h)
      this.finish(false)
    }
  }

  private deadline(): void {
    if (!this.h.interrupt) return this.kill(true)
    Atomics.store(this.h.interrupt, 0, SIGINT)
    this.timer = setTimeout(() => this.kill(true), INTERRUPT_GRACE_MS)
  }

  private kill(timedOut: boolean, failure?: string, sandboxFault = false): void {
    if (this.settled) return
    if (failure && sandboxFault) this.collector.unavailable(failure)
    else if (failure) this.collector.fail(failure)
    restartInBackground(this.h)
    this.finish(timedOut)
  }

  private finish(timedOut: boolean): void {
    if (this.settled) return
    this.settled = true
    clearTimeout(this.timer)
    this.h.onReport = undefined
    this.resolve(this.collector.outcome(timedOut))
  }
}
