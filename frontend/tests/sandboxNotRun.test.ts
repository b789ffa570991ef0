/** A sandbox that could not run (worker failed to load, e.g. offline) is not a test run. */
import { createPinia, setActivePinia } from 'pinia'
import { describe, expect, it, vi } from 'vitest'
import { useTestRunner } from '@/composables/useTestRunner'
import { RunCollector } from '@/lib/sandboxCollector'
import { useSessionStore } from '@/stores/session'
import { snapshot } from './fixtures/question'
import { FakeSocket } from './helpers/fakeSocket'

const runTests = vi.hoisted(() => vi.fn())
vi.mock('@/composables/useSandbox', () => ({ runTests }))

const TESTS = [{ args: [1], expected: 1 }, { args: [2], expected: 2 }]

describe('RunCollector', () => {
  it('marks an outcome the sandbox could not produce', () => {
    const c = new RunCollector('javascript', TESTS, 800)
    c.unavailable('The sandbox failed: the worker could not run')
    const outcome = c.outcome(false)
    expect(outcome.sandbox_error).toBe('The sandbox failed: the worker could not run')
    expect(outcome.results.every((r) => !r.passed)).toBe(true)
  })

  it('leaves a failure of the candidate code unmarked', () => {
    const c = new RunCollector('javascript', TESTS, 800)
    c.handle({ type: 'ready' })
    c.handle({ type: 'compile-error', message: 'SyntaxError: Unexpected token' })
    expect(c.outcome(false).sandbox_error).toBeUndefined()
  })
})

describe('useTestRunner with a sandbox that could not run', () => {
  it('sends no RUN_RESULT, keeps the last real run and says why', async () => {
    setActivePinia(createPinia())
    const store = useSessionStore()
    const socket = new FakeSocket()
    store.connect({ sessionId: 's1', token: 't', socketFactory: () => socket })
    socket.serverAccepts()
    socket.deliver('SESSION_SNAPSHOT', { payload: snapshot({ code: 'function solution() {}' }) as never })
    const runner = useTestRunner(store)
    const real = { passed: 1, total: 1, timed_out: false, language: 'javascript', results: [{ index: 0, passed: true, ms: 1 }] }
    runTests.mockResolvedValueOnce(real)
    await runner.runSamples()
    runTests.mockResolvedValueOnce({ ...real, passed: 0, results: [{ index: 0, passed: false, ms: 0, error: 'x' }], sandbox_error: 'The sandbox failed: offline' })
    await runner.runSamples()
    expect(socket.sent('RUN_RESULT')).toHaveLength(1)
    expect(store.room.runs).toHaveLength(1)
    expect(runner.lastRun.value?.passed).toBe(1)
    expect(runner.sandboxError.value).toBe('The sandbox failed: offline')
    expect(runner.runsDone.value).toBe(2)
  })
})
