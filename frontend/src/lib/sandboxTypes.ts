/**
 * Types of the code sandbox: the public results (sent to the server as RUN_RESULT) and the
 * private messages between the runners (main thread) and the sandbox workers.
 */
import type { CompareMode } from './compare'

export type SandboxLanguage = 'javascript' | 'python'

export interface SandboxTest {
  args: unknown[]
  expected: unknown
  /** How `expected` is compared (compare.ts); default "exact". */
  compare?: CompareMode
}

export interface SandboxCaseResult {
  index: number
  passed: boolean
  expected: unknown
  actual: unknown
  error?: string
  ms: number
  stdout?: string
}

export interface SandboxOutcome {
  passed: number
  total: number
  results: SandboxCaseResult[]
  timed_out: boolean
  language: SandboxLanguage
  /**
   * Set when the sandbox itself could not run the code (the worker failed to load or start, e.g.
   * offline): the results say nothing about the candidate's code and are not a test run.
   */
  sandbox_error?: string
}

export interface RunOptions {
  /** Limit for the whole run (all tests), from the moment the worker starts it. Default 800 (JS), 2000 (Python). */
  timeoutMs?: number
  /** Name of the candidate's entry function. Default "solution". */
  functionName?: string
  /** The question's comparison mode for every test without its own; default "exact". */
  compare?: CompareMode
}

export type PythonStatus = 'idle' | 'loading' | 'ready' | 'error'

/** What a worker reports for one test: the runner decides pass/fail (the worker never sees `expected`). */
export interface RawCase {
  actual: unknown
  error?: string
  ms: number
  stdout?: string
}

/** The job handed to a worker: arguments only, never the expected values. */
export interface SandboxJob {
  code: string
  functionName: string
  args: unknown[][]
}

/** Worker -> runner, over the private MessagePort only. */
export type WorkerReport =
  | { type: 'ready' }
  | { type: 'loaded' }
  | { type: 'load-error'; message: string }
  | { type: 'started'; runId: number }
  | { type: 'compile-error'; runId?: number; message: string; stdout?: string }
  | { type: 'prelude'; runId?: number; stdout: string }
  | ({ type: 'case'; runId?: number; index: number } & RawCase)
  | { type: 'done'; runId?: number; interrupted?: boolean; fatal?: string }

/** Runner -> Python worker, over the port after `init`. */
export interface PythonRunMessage extends SandboxJob {
  type: 'run'
  runId: number
}

/** Runner -> Python worker, the first (global) message, carrying the port. */
export interface PythonInitMessage {
  type: 'init'
  indexURL: string
  /** SharedArrayBuffer-backed, present only when the page is cross-origin isolated. */
  interrupt?: Int32Array
}

/** Default limits for a whole run. Pyodide runs Python 5-20x slower than V8 runs JavaScript:
 * the bank's reference n-queens solution alone takes about 500 ms in Pyodide on a busy machine. */
export const DEFAULT_TIMEOUT_MS: Record<SandboxLanguage, number> = { javascript: 800, python: 2000 }
export const DEFAULT_FUNCTION_NAME = 'solution'
/** Caps on captured output per test: below the server's 10,000-character text limit. */
export const STDOUT_MAX_LINES = 200
export const STDOUT_MAX_CHARS = 8000
