/**
 * The JavaScript harness: pure pieces bundled into the JS sandbox worker (and unit-tested in
 * Node). The worker compiles the candidate code once with `new Function`, then runs each test
 * through `runCase`.
 */
import type { OutputBuffer } from './sandboxConsole'
import { toJsonSafe } from './sandboxJson'
import type { RawCase } from './sandboxTypes'

export type CandidateFn = (...args: unknown[]) => unknown

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/
const MAX_ERROR_CHARS = 2000

/** Globals deleted (and locked) before candidate code runs; the worker's CSP is the real block. */
export const NETWORK_GLOBALS = ['fetch', 'XMLHttpRequest', 'WebSocket', 'importScripts', 'EventSource', 'Worker', 'SharedWorker', 'WebTransport', 'BroadcastChannel'] as const

/** Removes the network globals from `scope` and makes them non-writable `undefined`. */
export function lockNetwork(scope: object): void {
  for (const name of NETWORK_GLOBALS) {
    try {
      delete (scope as Record<string, unknown>)[name]
      Object.defineProperty(scope, name, { value: undefined, writable: false, configurable: false })
    } catch {
      // a non-configurable global stays; the CSP still blocks it
    }
  }
}

/**
 * How many lines `new Function` adds above the body in this engine's stack traces
 * (V8 reports body line 1 as line 3); 0 if it cannot tell.
 */
export function measureLineOffset(): number {
  try {
    new Function('console', 'throw new Error("probe")')()
  } catch (err) {
    const line = stackLine(err)
    if (line !== null) return line - 1
  }
  return 0
}

/** The line in the candidate's code an error came from: the first `<anonymous>` frame. */
function stackLine(err: unknown): number | null {
  const stack = err instanceof Error ? String(err.stack ?? '') : ''
  const m = /<anonymous>:(\d+):(\d+)/.exec(stack)
  return m ? Number(m[1]) : null
}

/** "TypeError: x is not a function (line 4)": the message a candidate sees for a thrown error. */
export function describeError(err: unknown, lineOffset: number): string {
  let text: string
  if (err instanceof Error) {
    text = `${err.name}: ${err.message}`
    const line = stackLine(err)
    if (line !== null && line - lineOffset >= 1) text += ` (line ${line - lineOffset})`
  } else {
    text = `Uncaught ${JSON.stringify(toJsonSafe(err))}`
  }
  return text.length > MAX_ERROR_CHARS ? `${text.slice(0, MAX_ERROR_CHARS)}…` : text
}

/**
 * Evaluates the candidate code (its top-level statements run now, with the fake console) and
 * returns its entry function. Throws the candidate's error, a SyntaxError, or a ReferenceError
 * when no function of that name exists.
 */
export function compileSolution(code: string, functionName: string, fakeConsole: object): CandidateFn {
  if (!IDENTIFIER.test(functionName)) throw new TypeError(`Invalid function name: ${functionName}`)
  const body = `${code}\n;return typeof ${functionName} === 'undefined' ? undefined : ${functionName};`
  const factory = new Function('console', body) as (c: object) => unknown
  const fn = factory(fakeConsole)
  if (typeof fn !== 'function') throw new ReferenceError(`No function named '${functionName}' was defined`)
  return fn as CandidateFn
}

/**
 * Runs one test: calls `fn(...args)` (awaiting a returned promise), times it with `now`, and
 * returns a JSON-safe actual value, the error message if it threw, and the captured output.
 */
export async function runCase(fn: CandidateFn, args: unknown[], out: OutputBuffer, now: () => number, lineOffset = 0): Promise<RawCase> {
  const start = now()
  let actual: unknown = null
  let error: string | undefined
  try {
    let value = fn(...args)
    if (isThenable(value)) value = await value
    actual = toJsonSafe(value)
  } catch (err) {
    error = describeError(err, lineOffset)
  }
  const ms = Math.max(0, Math.round((now() - start) * 100) / 100)
  const stdout = out.take()
  const raw: RawCase = { actual, ms }
  if (error !== undefined) raw.error = error
  if (stdout) raw.stdout = stdout
  return raw
}

function isThenable(v: unknown): v is PromiseLike<unknown> {
  return (typeof v === 'object' || typeof v === 'function') && v !== null && typeof (v as { then?: unknown }).then === 'function'
}
