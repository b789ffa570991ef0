/**
 * A proxy that hands the server the wrong host: every socket handshake from the page is refused
 * (a bare HTTP 400 the page's scripts cannot read). The page must tell the truth: never
 * "Connected", what you type marked "not sent yet", and a message saying why and how to fix it.
 *
 * Played without a second proxy: the node trusts 127.0.0.1 as a proxy (TRUSTED_PROXIES), and the
 * browser adds `X-Forwarded-Host: proxy.example` to every request (websockets refused, so the
 * socket uses long-polling: plain HTTP requests a route can change).
 */
import { describe, expect, it } from 'vitest'
import { backendAndBrowser } from './helpers/backend'
import { openPage } from './helpers/browser'
import { BLOCK_WEBSOCKETS } from './helpers/network'
import { startInterview, typeAnswer } from './helpers/room'

const suite = backendAndBrowser({ TRUSTED_PROXIES: '127.0.0.1' })

describe('a handshake refused for its origin', () => {
  it('is never shown as connected, queues what is typed, and says why', async () => {
    const context = await suite.browser.newContext()
    await context.addInitScript(BLOCK_WEBSOCKETS)
    await context.route('**/*', (route) =>
      route.continue({ headers: { ...route.request().headers(), 'x-forwarded-host': 'proxy.example' } }),
    )
    const { page } = await openPage(context)
    let connectedSeen = false
    await page.exposeFunction('__sawConnected', () => (connectedSeen = true))
    await page.addInitScript(() => {
      new MutationObserver(() => {
        const pill = document.querySelector('[data-testid="connection"]')
        if (pill?.textContent?.includes('Connected')) (window as unknown as { __sawConnected: () => void }).__sawConnected()
      }).observe(document, { subtree: true, childList: true, characterData: true })
    })

    await startInterview(page, suite.backend.url, 'javascript')
    await page.waitForSelector('[role="alert"]', { timeout: 30_000 })
    const alert = await page.locator('[role="alert"]').first().innerText()
    expect(alert).toContain(suite.backend.url) // where the page is
    expect(alert).toContain('http://proxy.example') // what the server takes itself to be
    expect(alert).toMatch(/Host header with its port|PUBLIC_ORIGIN/)
    const pill = page.locator('[data-testid="connection"]')
    await expect.poll(() => pill.innerText(), { timeout: 30_000 }).toContain('Offline')

    await typeAnswer(page, 'can anyone hear me?')
    const line = page.locator('[data-testid="transcript"] li', { hasText: 'can anyone hear me?' })
    // (textContent: the candidate's transcript may be folded away)
    expect(await line.locator('[data-testid="not-sent"]').textContent()).toBe('not sent yet')
    await page.waitForTimeout(1500) // a few reconnect attempts later: still not connected
    expect(await page.locator('[data-testid="connection"]').innerText()).not.toContain('Connected')
    expect(connectedSeen).toBe(false)
    await context.close()
  })
})
