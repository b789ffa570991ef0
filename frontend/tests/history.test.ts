import { beforeEach, describe, expect, it } from 'vitest'
import {
  findSession,
  forgetSession,
  listSessions,
  observerLink,
  rememberObserverToken,
  rememberSession,
  tokenFor,
  type RememberedSession,
} from '@/lib/history'
import { dropLinkSecrets, readLinkSecrets, takeLinkSecrets } from '@/lib/linkSecrets'

function entry(id: string): RememberedSession {
  return {
    session_id: id,
    candidate_token: `c-${id}`,
    observer_invite: `i-${id}`,
    created_at: '2026-01-01T00:00:00Z',
    title: 'Two Sum',
    company_mode: 'General',
    difficulty: 'Easy',
    language: 'javascript',
  }
}

describe('history', () => {
  beforeEach(() => {
    localStorage.clear()
    sessionStorage.clear()
  })

  it('remembers sessions newest first without duplicates, and forgets them', () => {
    rememberSession(entry('a'))
    rememberSession(entry('b'))
    rememberSession(entry('a'))
    expect(listSessions().map((s) => s.session_id)).toEqual(['a', 'b'])
    forgetSession('a')
    expect(findSession('a')).toBeUndefined()
    expect(listSessions()).toHaveLength(1)
  })

  it('keeps tokens in this tab only, unless the candidate asks to keep history', () => {
    rememberSession(entry('tab'))
    rememberSession(entry('kept'), true)
    expect(localStorage.getItem('interview-sim.sessions')).not.toContain('c-tab')
    expect(sessionStorage.getItem('interview-sim.sessions')).toContain('c-tab')
    expect(localStorage.getItem('interview-sim.sessions')).toContain('c-kept')
    expect(listSessions().map((s) => s.session_id)).toEqual(['tab', 'kept'])
    forgetSession('kept')
    expect(localStorage.getItem('interview-sim.sessions')).not.toContain('c-kept')
  })

  it('prefers a token from the link, else the saved one for the role, never the candidate as observer', () => {
    rememberSession(entry('a'))
    expect(tokenFor('a', 'candidate')).toBe('c-a')
    expect(tokenFor('a', 'observer')).toBeNull() // the candidate's page holds no observer credential
    rememberObserverToken('a', 'o-a')
    expect(tokenFor('a', 'observer')).toBe('o-a')
    expect(tokenFor('a', 'observer', 'from-link')).toBe('from-link')
    expect(tokenFor('zzz', 'candidate')).toBeNull()
    expect(localStorage.length).toBe(0)
  })

  it('builds observer links with the invite in the fragment', () => {
    const link = observerLink('https://x.example', 'abc', 'in/vi+te')
    expect(link).toBe('https://x.example/observe/abc#invite=in%2Fvi%2Bte')
    expect(new URL(link).search).toBe('')
  })

  it('survives corrupt storage', () => {
    localStorage.setItem('interview-sim.sessions', '{not json')
    sessionStorage.setItem('interview-sim.sessions', '[1, null]')
    expect(listSessions()).toEqual([])
  })
})

describe('link secrets', () => {
  it('reads the fragment (and a legacy ?token=) and drops both from the address bar', () => {
    window.history.replaceState(null, '', '/observe/abc?x=1&token=legacy#invite=inv%2F1')
    expect(readLinkSecrets()).toEqual({ token: 'legacy', invite: 'inv/1' })
    const taken = takeLinkSecrets()
    expect(taken.invite).toBe('inv/1')
    expect(window.location.pathname + window.location.search + window.location.hash).toBe('/observe/abc?x=1')
    expect(readLinkSecrets()).toEqual({ token: null, invite: null })
  })

  it('prefers the fragment token and leaves a clean address alone', () => {
    window.history.replaceState(null, '', '/report/abc?token=old#token=new')
    expect(readLinkSecrets().token).toBe('new')
    dropLinkSecrets()
    expect(window.location.href.endsWith('/report/abc')).toBe(true)
    dropLinkSecrets()
    expect(window.location.href.endsWith('/report/abc')).toBe(true)
  })
})
