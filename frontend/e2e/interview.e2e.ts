/**
 * The whole product in Chromium against the real backend: Home → interview (typed answers,
 * Monaco, failing then passing run, submit with hidden tests) with a live observer → report.
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { backendAndBrowser, REPO_ROOT } from './helpers/backend'
import { foreignRequests, openPage } from './helpers/browser'
import { MARKER, questionOnPage, runSamples, setCode, startInterview, toCoding, typeAnswer, waitForText, withMarker } from './helpers/room'

const SHOTS = join(REPO_ROOT, 'docs', 'screenshots')
const VIEWPORT = { width: 1280, height: 720 }

mkdirSync(SHOTS, { recursive: true })
const suite = backendAndBrowser()

/** The observer link as the candidate's "Copy observer link" builds it: the invite in the fragment. */
function observerLink(base: string, sessionId: string, saved: string | null): string {
  const list = JSON.parse(saved ?? '[]') as { session_id: string; observer_invite: string }[]
  const invite = list.find((s) => s.session_id === sessionId)?.observer_invite
  if (!invite) throw new Error('no observer invite saved for the session')
  return `${base}/observe/${sessionId}#invite=${encodeURIComponent(invite)}`
}

describe('interview in JavaScript with an observer', () => {
  it('runs from Home to the report', async () => {
    const base = suite.backend.url
    const candidateCtx = await suite.browser.newContext({ viewport: VIEWPORT })
    const cand = await openPage(candidateCtx)
    const { page } = cand

    await page.goto(`${base}/`)
    await page.waitForSelector('[data-testid="start"]:not([disabled])')
    const sessionId = await startInterview(page, base, 'javascript')

    // The interviewer's streamed greeting arrives and finishes.
    await page.waitForSelector('[data-testid="interviewer-messages"] .bubble:not(.bubble--streaming)', { timeout: 30_000 })
    const greeting = await page.locator('[data-testid="interviewer-messages"] .bubble').first().innerText()
    expect(greeting.trim().length).toBeGreaterThan(5)
    // ...and is read aloud (the stubbed synthesiser records what it was asked to say).
    await page.waitForFunction(() => ((window as unknown as { __spoken: string[] }).__spoken ?? []).length > 0)

    // An observer joins through the observer link.
    // The candidate's tokens live in this tab (sessionStorage), never an observer token.
    const saved = await page.evaluate(() => sessionStorage.getItem('interview-sim.sessions'))
    expect(await page.evaluate(() => localStorage.getItem('interview-sim.sessions'))).toBeNull()
    expect(saved).not.toContain('observer_token')
    const observerCtx = await suite.browser.newContext({ viewport: VIEWPORT })
    const obs = await openPage(observerCtx)
    await obs.page.goto(observerLink(base, sessionId, saved))
    await waitForText(obs.page, '[data-testid="connection"]', 'Connected')
    expect(obs.page.url()).toBe(`${base}/observe/${sessionId}`) // the invite left the address bar

    // Answer by typing; the observer sees it in the transcript.
    const answer = 'I would use a hash map from value to index and scan once.'
    await typeAnswer(page, answer)
    await waitForText(page, '[data-testid="transcript"]', answer)
    await waitForText(obs.page, '[data-testid="transcript"]', answer)

    // Speaking: the observer sees the interim text in grey, then the final line.
    await page.click('[data-testid="mic"]')
    await waitForText(page, '[data-testid="mic"]', 'Mic: on')
    // The mic pauses while the interviewer speaks: hear once it listens again.
    const hear = (text: string, isFinal: boolean) =>
      page.waitForFunction(
        ([t, f]) => (window as unknown as { __hear: (t: string, f: boolean) => boolean }).__hear(t, f),
        [text, isFinal] as const,
      )
    await hear('so I would check', false)
    await waitForText(obs.page, '[data-testid="partial"]', 'so I would check')
    await hear('so I would check each complement in the map', true)
    await waitForText(obs.page, '[data-testid="transcript"]', 'so I would check each complement in the map')
    await obs.page.waitForSelector('[data-testid="partial"]', { state: 'detached' })
    await page.click('[data-testid="mic"]')

    // Offline: typing goes on, the message waits in the outbox and arrives once after reconnecting.
    await candidateCtx.setOffline(true)
    await waitForText(page, '[data-testid="connection"]', /Reconnecting|Offline/)
    const offlineAnswer = 'Said while offline: the map gives O(n) time.'
    await typeAnswer(page, offlineAnswer)
    await waitForText(page, '[data-testid="connection"]', '1 queued')
    await candidateCtx.setOffline(false)
    await waitForText(page, '[data-testid="connection"]', /^\s*Connected\s*$/, 60_000)
    await waitForText(obs.page, '[data-testid="transcript"]', offlineAnswer)
    const seen = await obs.page.locator('[data-testid="transcript"] li', { hasText: offlineAnswer }).count()
    expect(seen).toBe(1)

    // Move to coding (the interviewer may already have done it).
    await toCoding(page)

    const q = await questionOnPage(page)
    await setCode(page, withMarker(q.starter_code.javascript, 'javascript'))
    expect(await runSamples(page)).toMatch(/Sample tests: 0\/\d+ passed/)

    await setCode(page, withMarker(q.solutions.javascript, 'javascript'))
    const passing = await runSamples(page)
    const total = q.sample_tests.length
    expect(passing).toContain(`Sample tests: ${total}/${total} passed`)

    // The observer's read-only editor follows the candidate's code.
    await waitForText(obs.page, '.monaco-editor .view-lines', MARKER, 30_000)
    await page.screenshot({ path: join(SHOTS, 'interview.png') })
    await obs.page.screenshot({ path: join(SHOTS, 'observer.png') })

    // A second observer joins; a private note of the first reaches it.
    const observer2Ctx = await suite.browser.newContext({ viewport: VIEWPORT })
    const obs2 = await openPage(observer2Ctx)
    await obs2.page.goto(observerLink(base, sessionId, saved))
    await waitForText(obs2.page, '[data-testid="transcript"]', offlineAnswer)
    const note = 'Clear approach; ask about edge cases.'
    await obs.page.fill('[data-testid="note-input"]', note)
    await obs.page.press('[data-testid="note-input"]', 'Enter')
    await waitForText(obs2.page, '[data-testid="notes"]', note)
    await obs.page.waitForSelector('[data-testid="notes"] li:not(.pending)')
    expect(await page.locator('[data-testid="notes"]').count()).toBe(0)
    // A note marked as feedback: hidden now, on the candidate's report after the end.
    const feedback = 'Good pace; state the complexity earlier.'
    await obs.page.check('[data-testid="note-feedback"]')
    await obs.page.fill('[data-testid="note-input"]', feedback)
    await obs.page.press('[data-testid="note-input"]', 'Enter')
    await waitForText(obs2.page, '[data-testid="notes"]', feedback)
    expect(await page.content()).not.toContain(feedback)

    // Submit: the server judges the code on its hidden tests (they never reach the page).
    await page.click('[data-testid="submit"]')
    await waitForText(page, '[data-testid="run-summary"]', /judged on the server\): (\d+)\/\1 passed/, 90_000)
    expect(await page.locator('[data-testid="hidden-results"] li').count()).toBeGreaterThan(q.hidden_tests.length)
    const longest = q.hidden_tests.map((t) => JSON.stringify((t as { args: unknown }).args)).sort((a, b) => b.length - a.length)[0]
    expect(await page.content()).not.toContain(longest)

    // End and read the report.
    await page.click('[data-testid="end"]')
    await page.click('[data-testid="end-confirm"]')
    await page.waitForURL(/\/report\//, { timeout: 30_000 })
    await page.waitForSelector('[data-testid="signal"]', { timeout: 30_000 })
    await waitForText(page, '[data-testid="report-transcript"]', answer)
    await waitForText(page, '[data-testid="final-code"]', MARKER)
    await waitForText(page, '[data-testid="observer-feedback"]', feedback)
    expect(await page.content()).not.toContain(note) // private notes never reach the candidate
    await page.screenshot({ path: join(SHOTS, 'report.png') })
    await page.click('[data-testid="load-replay"]')
    await page.waitForSelector('[data-testid="replay-slider"]')
    await page.fill('[data-testid="replay-slider"]', '0')
    await waitForText(page, '[data-testid="replay"]', 'Nothing said yet')
    const last = await page.getAttribute('[data-testid="replay-slider"]', 'max')
    await page.fill('[data-testid="replay-slider"]', String(last))
    await waitForText(page, '[data-testid="replay-code"]', MARKER)
    await waitForText(page, '[data-testid="replay"]', answer)

    // The observer learns that the interview ended.
    await obs.page.waitForSelector('[data-testid="ended"]', { timeout: 30_000 })

    // Home lists the session as ended, with its report.
    await page.goto(`${base}/`)
    await waitForText(page, '[data-testid="past-sessions"]', 'Ended')
    await page.screenshot({ path: join(SHOTS, 'home.png') })

    const origin = new URL(base).origin
    expect(foreignRequests(cand.requests, origin)).toEqual([])
    expect(foreignRequests(obs.requests, origin)).toEqual([])
    expect(cand.errors.filter((e) => !/speech|synthesis/i.test(e))).toEqual([])
    expect(foreignRequests(obs2.requests, origin)).toEqual([])
    expect(obs.errors).toEqual([])
    expect(obs2.errors).toEqual([])
    await candidateCtx.close()
    await observerCtx.close()
    await observer2Ctx.close()
  })
})

describe('interview in Python', () => {
  it('runs the sample tests in Pyodide', async () => {
    const base = suite.backend.url
    const ctx = await suite.browser.newContext({ viewport: VIEWPORT })
    const { page, requests } = await openPage(ctx)
    await startInterview(page, base, 'python')
    const done = '[data-testid="interviewer-messages"] .bubble:not(.bubble--streaming)'
    await page.waitForSelector(done, { timeout: 30_000 })
    const greeting = (await page.locator(done).first().innerText()).trim()

    // A reload restores the room from the snapshot and does not read old messages aloud again.
    await page.reload()
    await waitForText(page, '[data-testid="interviewer-messages"]', greeting.slice(0, 30))
    const q = await questionOnPage(page)
    await setCode(page, q.solutions.python)
    const total = q.sample_tests.length
    expect(await runSamples(page)).toContain(`Sample tests: ${total}/${total} passed`)
    const spoken = await page.evaluate(() => (window as unknown as { __spoken: string[] }).__spoken)
    expect(spoken.some((line) => greeting.startsWith(line))).toBe(false)
    expect(foreignRequests(requests, new URL(base).origin)).toEqual([])
    expect(requests.some((u) => u.includes('/pyodide/'))).toBe(true)
    await ctx.close()
  })
})
