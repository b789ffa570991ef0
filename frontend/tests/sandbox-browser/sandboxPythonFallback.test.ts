// @vitest-environment node
// Python on a page that is NOT cross-origin isolated: no SharedArrayBuffer, so the runner
// terminates the worker at the limit and loads a fresh one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { browserTestsEnabled, openSandboxPage, type Harness, type WithSandbox } from './browser'

let h: Harness
const generation = (): Promise<number> => h.page.evaluate(() => (window as unknown as WithSandbox).sandbox.pythonWorkerGeneration())

beforeAll(async () => {
  if (!browserTestsEnabled) return
  h = await openSandboxPage(false)
})

afterAll(async () => {
  await h?.close()
})

describe.skipIf(!browserTestsEnabled)('Python sandbox without cross-origin isolation', () => {
  it('terminates a loop at the limit, reloads, and the next run works', async () => {
    expect(await h.page.evaluate(() => crossOriginIsolated)).toBe(false)
    const loop = await h.run('python', 'def solution():\n    while True:\n        pass\n', [{ args: [], expected: 1 }], { timeoutMs: 500 })
    expect(loop).toMatchObject({ passed: 0, timed_out: true })
    expect(loop.results[0]!.error).toBe('Time limit exceeded (500 ms)')
    const before = await generation()
    const next = await h.run('python', 'def solution(s):\n    return s.upper()\n', [{ args: ['ab'], expected: 'AB' }])
    expect(next).toMatchObject({ passed: 1, timed_out: false })
    expect(await generation()).toBe(before)
    expect(before).toBe(2)
  })
})
