/**
 * Runs JavaScript tests in a fresh module worker per run. The time limit starts when the worker
 * reports `ready`; at the limit the worker is terminated and unfinished tests fail.
 */
import { RunCollector } from './sandboxCollector'
import type { SandboxJob, SandboxOutcome, SandboxTest } from './sandboxTypes'

/** How long a worker may take to start before the run fails (not the candidate's limit). */
const STARTUP_LIMIT_MS = 15_000

function createWorker(): Worker {
  return new Worker(new URL('../workers/sandbox-js.worker.ts', import.meta.url), { type: 'module' })
}

export function runJavaScript(code: string, tests: SandboxTest[], timeoutMs: number, functionName: string): Promise<SandboxOutcome> {
  return new Promise((resolve) => {
    const collector = new RunCollector('javascript', tests, timeoutMs)
    const channel = new MessageChannel()
    const worker = createWorker()
    let settled = false
    let started = false
    let timer = setTimeout(() => stop(false, 'The sandbox did not start in time', true), STARTUP_LIMIT_MS)

    function stop(timedOut: boolean, failure?: string, sandboxFault = false): void {
      if (settled) return
      settled = true
      clearTimeout(timer)
      worker.terminate()
      channel.port1.close()
      if (failure && sandboxFault) collector.unavailable(failure)
      else if (failure) collector.fail(failure)
      resolve(collector.outcome(timedOut))
    }

    channel.port1.onmessage = (ev: MessageEvent): void => {
      const step = collector.handle(ev.data)
      if (step === 'started') {
        started = true
        clearTimeout(timer)
        timer = setTimeout(() => stop(true), timeoutMs)
      } else if (step === 'finished') stop(false)
    }
    worker.onerror = (ev: ErrorEvent): void => {
      ev.preventDefault()
      // Before `ready` the worker itself failed to load (offline, blocked): not the code's fault.
      stop(false, `The sandbox failed: ${ev.message || 'the worker could not run'}`, !started)
    }
    const job: SandboxJob = { code, functionName, args: tests.map((t) => t.args) }
    worker.postMessage(job, [channel.port2])
  })
}
