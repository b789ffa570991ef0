// @vitest-environment node
import { describe, expect, it } from 'vitest'
import { JS_WORKER_CSP, PY_WORKER_CSP, workerCspFor } from '../src/workers/vitePluginWorkerCsp'

describe('workerCspFor', () => {
  it('gives the built workers the production policies', () => {
    expect(workerCspFor('/assets/sandbox-js.worker-Ab12_x.js', false)).toBe(JS_WORKER_CSP)
    expect(workerCspFor('/assets/sandbox-py.worker-Zz9.js', false)).toBe(PY_WORKER_CSP)
    expect(JS_WORKER_CSP).toBe("default-src 'none'; script-src 'unsafe-eval'")
  })

  it('covers the dev sources only on the dev server, where the JS policy adds self scripts', () => {
    expect(workerCspFor('/src/workers/sandbox-js.worker.ts', false)).toBeNull()
    expect(workerCspFor('/src/workers/sandbox-js.worker.ts', true)).toBe("default-src 'none'; script-src 'self' 'unsafe-eval'")
    expect(workerCspFor('/src/workers/sandbox-py.worker.ts', true)).toBe(PY_WORKER_CSP)
  })

  it('leaves every other file alone', () => {
    expect(workerCspFor('/assets/index-abc.js', false)).toBeNull()
    expect(workerCspFor('/assets/sandbox-js.worker-abc.js.map', false)).toBeNull()
    expect(workerCspFor('/', true)).toBeNull()
  })
})
