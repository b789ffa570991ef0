import { createPinia, setActivePinia } from 'pinia'
import { describe, expect, it, vi } from 'vitest'
import { useTestRunner } from '@/composables/useTestRunner'
import { useSessionStore } from '@/stores/session'
import { snapshot } from './fixtures/question'
import { FakeSocket } from './helpers/fakeSocket'

const runTests = vi.hoisted(() => vi.fn())
vi.mock('@/composables/useSandbox', () => ({ runTests }))

function connected() {
  setActivePinia(createPinia())
  const store = useSessionStore()
  const socket = new FakeSocket()
  store.connect({ sessionId: 's1', token: 't', socketFactory: () => socket })
  socket.serverAccepts()
  socket.deliver('SESSION_SNAPSHOT', { payload: snapshot({ code: 'function solution() {}' }) as never })
  return { store, socket }
}

describe('useTestRunner', () => {
  it('runs the sample tests and sends RUN_RESULT sample', async () => {
    const { store, socket } = connected()
    const runner = useTestRunner(store)
    runTests.mockResolvedValueOnce({ passed: 1, total: 1, timed_out: false, language: 'javascript', results: [{ index: 0, passed: true, expected: [0, 1], actual: [0, 1], ms: 2 }] })
    await runner.runSamples()
    expect(runTests.mock.lastCall?.[2]).toEqual(snapshot().question.sample_tests)
    expect(socket.sent('RUN_RESULT')[0].envelope.payload).toMatchObject({ kind: 'sample', passed: 1, total: 1 })
    expect(runner.running.value).toBe('')
  })

  it("runs the samples with the question's comparison rule, as the judge does", async () => {
    const { store } = connected()
    store.room.question = { ...snapshot().question, compare: 'unordered' }
    runTests.mockResolvedValueOnce({ passed: 1, total: 1, timed_out: false, language: 'javascript', results: [{ index: 0, passed: true, ms: 1 }] })
    await useTestRunner(store).runSamples()
    expect(runTests.mock.lastCall?.[3]).toEqual({ functionName: 'solution', compare: 'unordered' })
  })
})

describe('useTestRunner and submits (contract v2)', () => {
  it('never runs hidden tests: a submit verdict from the server is shown, not re-run', async () => {
    runTests.mockClear()
    const { store, socket } = connected()
    const runner = useTestRunner(store)
    const verdict = {
      kind: 'submit', source: 'server', passed: 1, total: 2, timed_out: false, language: 'javascript',
      results: [
        { index: 0, passed: true, category: 'basic', verdict: 'passed', ms: 1 },
        { index: 1, passed: false, category: 'large input', verdict: 'timed_out', ms: 800 },
      ],
      observed_complexity: { label: 'O(n^2)', exponent: 2, sizes: [1, 2], ms: [1, 4], estimate: true },
      attempt: 1, code_seq: 3,
    }
    socket.deliver('RUN_RESULT', { seq: 4, payload: verdict as never })
    expect(store.room.runs.at(-1)).toMatchObject({ kind: 'submit', source: 'server', passed: 1 })
    expect(runTests).not.toHaveBeenCalled()
    expect(socket.sent('RUN_RESULT')).toHaveLength(0)
    expect(runner.runsDone.value).toBe(0)
  })

  it('ignores a second sample run while one is going', async () => {
    const { store, socket } = connected()
    const runner = useTestRunner(store)
    let finish: (v: unknown) => void = () => undefined
    runTests.mockImplementationOnce(() => new Promise((resolve) => (finish = resolve)))
    const first = runner.runSamples()
    await vi.waitFor(() => expect(runner.running.value).toMatch(/sample/))
    await runner.runSamples()
    finish({ passed: 0, total: 1, timed_out: false, language: 'javascript', results: [{ index: 0, passed: false, ms: 1 }] })
    await first
    expect(socket.sent('RUN_RESULT').map((e) => e.envelope.payload.kind)).toEqual(['sample'])
  })
})
