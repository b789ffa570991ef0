/**
 * The JavaScript sandbox: one fresh module worker per run, killed by the runner at the limit.
 * Self-contained on purpose (the build bundles the harness in; no chunk imports, no dynamic
 * import): the server gives this file `Content-Security-Policy: default-src 'none';
 * script-src 'unsafe-eval'`, which blocks every request candidate code could make.
 *
 * Protocol: the first message carries the job and a private MessagePort; everything goes back
 * over that port. Candidate code can call the global `postMessage`, but nobody listens there.
 */
import { OutputBuffer } from '../lib/sandboxConsole'
import { compileSolution, describeError, lockNetwork, measureLineOffset, runCase } from '../lib/sandboxHarness'
import type { SandboxJob, WorkerReport } from '../lib/sandboxTypes'

interface WorkerScope {
  onmessage: ((ev: MessageEvent) => void) | null
}

// Taken before candidate code can replace them.
const scope = globalThis as unknown as WorkerScope
const clone = globalThis.structuredClone.bind(globalThis)
const perf = globalThis.performance
const now = (): number => perf.now()
const lineOffset = measureLineOffset()

lockNetwork(globalThis)

scope.onmessage = (ev: MessageEvent): void => {
  const port = ev.ports[0]
  if (!port) return
  scope.onmessage = null
  void execute(port, ev.data as SandboxJob)
}

async function execute(port: MessagePort, job: SandboxJob): Promise<void> {
  const send = port.postMessage.bind(port) as (msg: WorkerReport) => void
  const out = new OutputBuffer()
  send({ type: 'ready' })
  let fn
  try {
    fn = compileSolution(job.code, job.functionName, out.console)
  } catch (err) {
    send({ type: 'compile-error', message: describeError(err, lineOffset), stdout: out.take() })
    return
  }
  const prelude = out.take()
  if (prelude) send({ type: 'prelude', stdout: prelude })
  for (let index = 0; index < job.args.length; index++) {
    const raw = await runCase(fn, clone(job.args[index]), out, now, lineOffset)
    send({ type: 'case', index, ...raw })
  }
  send({ type: 'done' })
}
