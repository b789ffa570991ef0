/**
 * The code sandbox: runs candidate code against tests in a Web Worker.
 *
 * - JavaScript: a fresh module worker per run, `solution(...args)` on cloned arguments, killed
 *   at the limit (default 800 ms, counted from the worker's start).
 * - Python: one Pyodide worker kept between runs (`preloadPython()` when Python is chosen),
 *   `solution(*args)`, interrupted at the limit (default 2000 ms: Pyodide is much slower).
 *
 * Pass/fail is strict deep equality of JSON values; every value in the outcome is JSON-safe,
 * so the outcome can be sent as the RUN_RESULT payload as is (add `kind`).
 */
import { runJavaScript } from '../lib/sandboxJsRunner'
import { preloadPython, pythonStatus, runPython } from '../lib/sandboxPyRunner'
import { plainTests } from '../lib/sandboxResults'
import { DEFAULT_FUNCTION_NAME, DEFAULT_TIMEOUT_MS } from '../lib/sandboxTypes'
import type { RunOptions, SandboxLanguage, SandboxOutcome, SandboxTest } from '../lib/sandboxTypes'

export type { PythonStatus, RunOptions, SandboxCaseResult, SandboxLanguage, SandboxOutcome, SandboxTest } from '../lib/sandboxTypes'
export { preloadPython, pythonStatus }

/** Runs `code` against `tests`; never rejects: failures become failed tests in the outcome. */
export function runTests(language: SandboxLanguage, code: string, tests: SandboxTest[], opts: RunOptions = {}): Promise<SandboxOutcome> {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS[language === 'python' ? 'python' : 'javascript']
  const functionName = opts.functionName ?? DEFAULT_FUNCTION_NAME
  const plain = plainTests(tests, opts.compare)
  if (language === 'python') return runPython(code, plain, timeoutMs, functionName)
  return runJavaScript(code, plain, timeoutMs, functionName)
}

/** The sandbox as a composable, for components that prefer `const { runTests } = useSandbox()`. */
export function useSandbox(): { runTests: typeof runTests; preloadPython: typeof preloadPython; pythonStatus: typeof pythonStatus } {
  return { runTests, preloadPython, pythonStatus }
}
