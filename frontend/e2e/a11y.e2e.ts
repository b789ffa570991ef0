/**
 * Accessibility and layout in Chromium against the real backend: axe-core finds no serious or
 * critical violation on home, the room (greeting; coding with a failing run and a nudge;
 * review), the observer view and the report; the latest interviewer message and the run results
 * are fully visible at 1280x720, 1024x768 and 390x844, and phone pages never scroll sideways;
 * the closing words stay on screen until read aloud; and a whole interview works with the keyboard alone.
 */
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { focused, fullyVisible, scrollIntoView, seriousViolations, sidewaysScroll, tabTo } from './helpers/a11y'
import { backendAndBrowser } from './helpers/backend'
import { openPage } from './helpers/browser'
import { GREETING, questionOnPage, runSamples, setCode, startInterview, toCoding, typeAnswer, waitForText } from './helpers/room'

const LAPTOP = { width: 1280, height: 720 }
const SMALL_LAPTOP = { width: 1024, height: 768 }
const PHONE = { width: 390, height: 844 }

const suite = backendAndBrowser()

async function expectNoSeriousViolations(page: Page, where: string): Promise<void> {
  const found = await seriousViolations(page)
  expect(found, `${where}: ${JSON.stringify(found, null, 1)}`).toEqual([])
}

async function expectVisible(page: Page, selector: string, container: string, where: string): Promise<void> {
  await scrollIntoView(page, container)
  const r = await fullyVisible(page, selector, container)
  if (!r.ok) await page.screenshot({ path: join(tmpdir(), `interview-sim-layout-${where.replace(/\W+/g, '-')}.png`) })
  expect(r.ok, `${where}: ${selector} ${JSON.stringify(r.el)} in ${container} ${JSON.stringify(r.box)}, viewport ${JSON.stringify(r.view)}`).toBe(true)
}


/** The observer link as "Copy observer link" builds it: the kept invite in the fragment. */
async function observerUrl(page: Page, sessionId: string): Promise<string> {
  const kept = await page.evaluate(() => [sessionStorage, localStorage].map((s) => s.getItem('interview-sim.sessions') ?? '[]'))
  const entry = kept.flatMap((raw) => JSON.parse(raw) as { session_id: string; observer_invite?: string }[]).find((s) => s.session_id === sessionId)
  if (!entry?.observer_invite) throw new Error('no observer invite kept for the session')
  return `${suite.backend.url}/observe/${sessionId}#invite=${encodeURIComponent(entry.observer_invite)}`
}

/** What Ctrl+V does with text on the clipboard: a paste event on the focused element. */
async function pasteIntoFocused(page: Page, text: string): Promise<void> {
  await page.evaluate((t) => {
    const data = new DataTransfer()
    data.setData('text/plain', t)
    document.activeElement?.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }))
  }, text)
}

/** At the current size, after a reload: the greeting and the latest run results are fully visible. */
async function checkRoomLayout(page: Page, where: string): Promise<void> {
  await page.reload()
  await page.waitForSelector(GREETING, { timeout: 30_000 })
  await expectVisible(page, '[data-testid="interviewer-messages"] .bubble', '[data-testid="interviewer-messages"]', `${where} latest message`)
  await page.click('[data-testid="tab-results"]')
  await page.waitForSelector('[data-testid="run-summary"]')
  await expectVisible(page, '[data-testid="run-results"]', '#panel-results', `${where} run results`)
}

describe('accessibility and layout', () => {
  it('axe finds nothing serious on every page and state; the layout holds at three sizes; the closing words stay until read', async () => {
    const ctx = await suite.browser.newContext({ viewport: LAPTOP })
    const { page, errors } = await openPage(ctx)
    await page.goto(`${suite.backend.url}/`)
    await page.waitForSelector('[data-testid="start"]:not([disabled])')
    expect(await page.title()).toBe('New interview · Interview Sim')
    await expectNoSeriousViolations(page, 'home')

    const sessionId = await startInterview(page, suite.backend.url, 'javascript')
    await page.waitForSelector(GREETING, { timeout: 30_000 })
    await waitForText(page, '[data-testid="connection"]', 'Connected')
    expect(await page.title()).toMatch(/^(Intro|Problem) · .+ · Interview Sim$/)
    await expectNoSeriousViolations(page, 'room, greeting')
    await expectVisible(page, GREETING, '[data-testid="interviewer-messages"]', 'laptop greeting')

    const obsCtx = await suite.browser.newContext({ viewport: LAPTOP })
    const obs = await openPage(obsCtx)
    await obs.page.goto(await observerUrl(page, sessionId))
    await waitForText(obs.page, '[data-testid="connection"]', 'Connected')

    // Coding with a failing run, twice: the coach nudges (code before any word, the same failure).
    await toCoding(page)
    const q = await questionOnPage(page)
    await setCode(page, q.starter_code.javascript)
    expect(await runSamples(page)).toMatch(/Sample tests: 0\/\d+ passed/)
    expect(await runSamples(page)).toMatch(/Sample tests: 0\/\d+ passed/)
    await page.waitForSelector('[data-testid="nudge"]', { timeout: 30_000 })
    await waitForText(page, '[data-testid="results-live"]', /Sample tests: 0 of \d+ passed/)
    await expectVisible(page, '[data-testid="run-results"]', '#panel-results', 'laptop run results')
    expect(await page.title()).toMatch(/^Coding · /)
    await expectNoSeriousViolations(page, 'room, coding with a failing run and a nudge')
    await obs.page.waitForSelector('[data-testid="nudge"]', { timeout: 30_000 })
    await expectNoSeriousViolations(obs.page, 'observer')

    for (const [size, name] of [[LAPTOP, '1280x720'], [SMALL_LAPTOP, '1024x768'], [PHONE, '390x844']] as const) {
      await page.setViewportSize(size)
      await checkRoomLayout(page, name)
    }
    expect(await sidewaysScroll(page), 'room on a phone').toBeLessThanOrEqual(0)
    await obs.page.setViewportSize(PHONE)
    await obs.page.reload()
    await obs.page.waitForSelector(GREETING, { timeout: 30_000 })
    expect(await sidewaysScroll(obs.page), 'observer on a phone').toBeLessThanOrEqual(0)

    await page.setViewportSize(LAPTOP)
    await page.reload()
    await page.waitForSelector(GREETING, { timeout: 30_000 })
    await page.click('[data-testid="submit"]')
    await waitForText(page, '[data-testid="state"]', 'Review', 60_000)
    await expectNoSeriousViolations(page, 'room, review')

    // Wrap up and close: the closing words stay on screen, then (voice on, read aloud) the report opens.
    await page.click('[data-testid="move-WRAP_UP"]')
    await waitForText(page, '[data-testid="state"]', 'Wrap-up', 30_000)
    const bubbles = await page.locator('[data-testid="interviewer-messages"] .bubble').count()
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="interviewer-messages"] .bubble:not(.bubble--streaming)').length > n, bubbles, { timeout: 30_000 })
    await typeAnswer(page, 'No more questions, thank you.')
    await page.waitForSelector('[data-testid="closing"]', { timeout: 30_000 })
    expect(page.url()).toMatch(/\/interview\//)
    await expectVisible(page, '[data-testid="interviewer-messages"] .bubble', '[data-testid="interviewer-messages"]', 'closing words')
    await page.waitForURL(/\/report\//, { timeout: 30_000 })
    await page.waitForSelector('[data-testid="signal"]', { timeout: 30_000 })
    expect(await page.title()).toMatch(/^Report · .+ · Interview Sim$/)
    await expectNoSeriousViolations(page, 'report')
    await page.setViewportSize(PHONE)
    expect(await sidewaysScroll(page), 'report on a phone').toBeLessThanOrEqual(0)
    await expectNoSeriousViolations(page, 'report on a phone')

    expect(errors.filter((e) => !/speech|synthesis/i.test(e))).toEqual([])
    await ctx.close()
    await obsCtx.close()
  })

  it('a whole interview with the keyboard alone', async () => {
    const ctx = await suite.browser.newContext({ viewport: LAPTOP })
    const { page } = await openPage(ctx)
    await page.goto(`${suite.backend.url}/`)
    await page.waitForSelector('[data-testid="start"]:not([disabled])')

    await tabTo(page, 'start')
    await page.keyboard.press('Enter')
    await page.waitForURL(/\/interview\//, { timeout: 30_000 })
    await page.waitForFunction(() => document.activeElement?.tagName === 'H1', undefined, { timeout: 10_000 })
    await page.waitForSelector(GREETING, { timeout: 30_000 })

    // A skip link leads to the answer box; Enter sends.
    await page.keyboard.press('Tab')
    expect(await focused(page)).toBe('skip-answer')
    await page.keyboard.press('Enter')
    expect(await focused(page)).toBe('answer-input')
    const said = 'Can the input be empty? I would count letters in a map.'
    await page.keyboard.type(said)
    await page.keyboard.press('Enter')
    await waitForText(page, '[data-testid="transcript"]', said)

    // To coding with the keyboard (the interviewer may have moved there already).
    await page.waitForFunction(() => /Problem|Coding/.test(document.querySelector('[data-testid="state"]')?.textContent ?? ''), undefined, { timeout: 60_000 })
    if (await page.locator('[data-testid="move-CODING"]').count()) {
      await tabTo(page, 'move-CODING')
      await page.keyboard.press('Enter')
    }
    await waitForText(page, '[data-testid="state"]', 'Coding')
    expect(await focused(page)).not.toBe('body')

    // Into the editor, write, leave it with Escape: focus lands on Run tests.
    const q = await questionOnPage(page)
    await page.keyboard.press('Alt+Shift+KeyE')
    await page.waitForFunction(() => !!document.activeElement?.closest('.monaco-editor'))
    await page.keyboard.press('ControlOrMeta+A')
    await pasteIntoFocused(page, q.solutions.javascript) // Ctrl+V of a clipboard we cannot fill headless
    await page.keyboard.press('Tab') // indents: Tab belongs to the editor by default
    expect(await focused(page)).toBe('editor')
    await page.keyboard.press('Escape')
    expect(await focused(page)).toBe('run')

    // Run: focus stays on the button, the result is announced.
    const before = Number(await page.getAttribute('[data-runs-done]', 'data-runs-done'))
    await page.keyboard.press('Enter')
    await page.waitForFunction((n) => Number(document.querySelector('[data-runs-done]')?.getAttribute('data-runs-done')) > n, before, { timeout: 60_000 })
    expect(await focused(page)).toBe('run')
    await waitForText(page, '[data-testid="results-live"]', /Sample tests: \d+ of \d+ passed/)
    const total = q.sample_tests.length
    expect(await page.locator('[data-testid="run-summary"]').innerText()).toContain(`${total}/${total} passed`)

    // The setting: Tab leaves the editor.
    await tabTo(page, 'tab-moves-focus')
    await page.keyboard.press('Space')
    await page.keyboard.press('Alt+Shift+KeyE')
    await page.waitForFunction(() => !!document.activeElement?.closest('.monaco-editor'))
    await page.keyboard.press('Tab')
    expect(await focused(page)).not.toBe('editor')

    // Shortcuts help on "?", closed with Escape; focus returns.
    await tabTo(page, 'submit')
    await page.keyboard.press('Shift+Slash')
    await page.waitForSelector('[data-testid="shortcuts-help"][open]')
    await page.keyboard.press('Escape')
    await page.waitForSelector('[data-testid="shortcuts-help"]:not([open])', { state: 'attached' })
    expect(await focused(page)).toBe('submit')

    // Submit: focus stays put while the interview moves to review.
    await page.keyboard.press('Enter')
    await waitForText(page, '[data-testid="state"]', 'Review', 60_000)
    expect(await focused(page)).not.toBe('body')

    // End: the confirmation takes focus; the report's heading takes it after.
    await page.keyboard.press('Alt+Shift+KeyQ')
    expect(await focused(page)).toBe('end-confirm')
    await page.keyboard.press('Enter')
    await page.waitForURL(/\/report\//, { timeout: 30_000 })
    await page.waitForSelector('[data-testid="signal"]', { timeout: 30_000 })
    await page.waitForFunction(() => document.activeElement?.tagName === 'H1' && /Report/.test(document.activeElement.textContent ?? ''), undefined, { timeout: 10_000 })
    await tabTo(page, 'load-replay', 80)
    await page.keyboard.press('Enter')
    await page.waitForSelector('[data-testid="replay-slider"]')
    await ctx.close()
  })
})
