// @vitest-environment node
import { describe, expect, it } from 'vitest'
import { JS_WORKER_CSP, pyWorkerCsp, workerCspFor } from '../src/workers/vitePluginWorkerCsp'

describe('workerCspFor', () => {
  it('gives the built workers the production policies', () => {
    expect(workerCspFor('/assets/sandbox-js.worker-Ab12_x.js', false)).toBe(JS_WORKER_CSP)
    expect(workerCspFor('/assets/sandbox-py.worker-Zz9.js', false, 'http://h:1')).toBe(pyWorkerCsp('http://h:1'))
    expect(JS_WORKER_CSP).toBe("default-src 'none'; script-src 'unsafe-eval'")
  })

  it('lets the Python worker fetch only Pyodide files from its own origin', () => {
    const csp = pyWorkerCsp('http://127.0.0.1:8000')
    expect(csp).toContain('connect-src http://127.0.0.1:8000/pyodide/')
    expect(csp).not.toContain("connect-src 'self'")
    expect(csp).toContain("'wasm-unsafe-eval'")
  })

  it('covers the dev sources only on the dev server, where the JS policy adds self scripts', () => {
    expect(workerCspFor('/src/workers/sandbox-js.worker.ts', false)).toBeNull()
    expect(workerCspFor('/src/workers/sandbox-js.worker.ts', true)).toBe("default-src 'none'; script-src 'self' 'unsafe-eval'")
    expect(workerCspFor('/src/workers/sandbox-py.worker.ts', true, 'http://d:5173')).toBe(pyWorkerCsp('http://d:5173'))
  })

  it('leaves every other file alone', () => {
    expect(workerCspFor('/assets/index-abc.js', false)).toBeNull()
    expect(workerCspFor('/assets/sandbox-js.worker-abc.js.map', false)).toBeNull()
    expect(workerCspFor('/', true)).toBeNull()
  })
})
