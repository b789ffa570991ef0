/**
 * Secrets in links live in the fragment (`#token=…`, `#invite=…`): a browser never sends it to a
 * server, so it reaches no access log and no Referer. A page reads it once, then drops it from the
 * address bar (and a legacy `?token=` with it), so a copied address or a screenshot leaks nothing.
 */
export interface LinkSecrets {
  token: string | null
  invite: string | null
}

export function readLinkSecrets(loc: Pick<Location, 'hash' | 'search'> = window.location): LinkSecrets {
  const fragment = new URLSearchParams(loc.hash.replace(/^#/, ''))
  const query = new URLSearchParams(loc.search)
  return {
    token: fragment.get('token') || query.get('token') || null,
    invite: fragment.get('invite') || null,
  }
}

/** Drop the fragment and any `token` query parameter from the address bar, keeping the page. */
export function dropLinkSecrets(): void {
  const url = new URL(window.location.href)
  if (!url.hash && !url.searchParams.has('token')) return
  url.hash = ''
  url.searchParams.delete('token')
  window.history.replaceState(window.history.state, '', url.pathname + url.search)
}

/** Read the link's secrets once and drop them from the address bar. */
export function takeLinkSecrets(): LinkSecrets {
  const secrets = readLinkSecrets()
  dropLinkSecrets()
  return secrets
}
