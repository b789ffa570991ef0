// Vitest global setup for the sandbox browser tests: build the test page once.
import { buildPage } from './buildPage'

export default async function setup(): Promise<void> {
  await buildPage()
}
