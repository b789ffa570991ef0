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
  it('runs hidden tests on RUN_REQUEST and answers RUN_RESULT submit', async () => {
    const { store, socket } = connected()
    const runner = useTestRunner(store)
    store.setRunRequestHandler(runner.runHidden)
    runTests.mockResolvedValueOnce({
      passed: 1,
      total: 2,
      timed_out: false,
      language: 'javascript',
      results: [
        { index: 0, passed: true, expected: 1, actual: 1, ms: 1 },
        { index: 1, passed: false, expected: 2, actual: 3, ms: 1 },
      ],
    })
    const hidden = [{ args: [1], expected: 1 }, { args: [2], expected: 2 }]
    socket.deliver('RUN_REQUEST', { seq: 4, payload: { kind: 'submit', tests: hidden } })
    await vi.waitFor(() => expect(socket.sent('RUN_RESULT')).toHaveLength(1))
    expect(runTests).toHaveBeenCalledWith('javascript', 'function solution() {}', hidden, { functionName: 'solution' })
    expect(socket.sent('RUN_RESULT')[0].envelope.payload).toMatchObject({ kind: 'submit', passed: 1, total: 2 })
    expect(runner.lastRun.value?.kind).toBe('submit')
    expect(runner.runsDone.value).toBe(1)
  })

  it('runs the sample tests and sends RUN_RESULT sample', async () => {
    const { store, socket } = connected()
    const runner = useTestRunner(store)
    runTests.mockResolvedValueOnce({ passed: 1, total: 1, timed_out: false, language: 'javascript', results: [{ index: 0, passed: true, expected: [0, 1], actual: [0, 1], ms: 2 }] })
    await runner.runSamples()
    expect(runTests.mock.lastCall?.[2]).toEqual(snapshot().question.sample_tests)
    expect(socket.sent('RUN_RESULT')[0].envelope.payload).toMatchObject({ kind: 'sample', passed: 1, total: 1 })
    expect(runner.running.value).toBe('')
  })
})

describe('useTestRunner queueing', () => {
  it('runs hidden tests that arrive during a sample run once it finishes', async () => {
    const { store, socket } = connected()
    const runner = useTestRunner(store)
    let finishSample: (v: unknown) => void = () => undefined
    runTests.mockImplementationOnce(() => new Promise((resolve) => (finishSample = resolve)))
    runTests.mockResolvedValueOnce({ passed: 1, total: 1, timed_out: false, language: 'javascript', results: [{ index: 0, passed: true, ms: 1 }] })
    const sample = runner.runSamples()
    const hidden = runner.runHidden([{ args: [1], expected: 1 }])
    await vi.waitFor(() => expect(runner.running.value).toMatch(/sample/))
    finishSample({ passed: 0, total: 1, timed_out: false, language: 'javascript', results: [{ index: 0, passed: false, ms: 1 }] })
    await sample
    await hidden
    expect(socket.sent('RUN_RESULT').map((e) => e.envelope.payload.kind)).toEqual(['sample', 'submit'])
  })
})
