/**
 * `make cluster` for a browser test: `bash scripts/cluster.sh` (nodes on PostgreSQL + Redis behind
 * nginx rendered from docker/nginx/interview-sim.conf.template) on free ports, a fresh database,
 * its work dir kept so the test can SIGKILL a node by the pid the script wrote. Stopped by its own
 * handle (SIGTERM: the script stops what it started), the database dropped afterwards.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createConnection } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort, REPO_ROOT } from './backend'

const PG_ADMIN = process.env.TEST_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
const PYTHON = join(REPO_ROOT, '.venv/bin/python')
const NGINX = process.env.NGINX ?? ['/usr/sbin/nginx', '/usr/bin/nginx'].find((p) => existsSync(p))

export interface Cluster {
  url: string
  nodes: number
  /** SIGKILL the node with this NODE_ID (`node1`...), as a crash: no shutdown hooks run. */
  kill: (nodeId: string) => void
  /** The node nginx sends this machine's requests to (sticky by client address). */
  servingNode: () => Promise<string>
  logs: () => string
  accessLog: () => string
  stop: () => Promise<void>
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((ok) => {
    const s = createConnection({ host: '127.0.0.1', port }, () => (s.destroy(), ok(true)))
    s.once('error', () => ok(false))
    s.setTimeout(1000, () => (s.destroy(), ok(false)))
  })
}

/** Why the cluster cannot run here, or null (the caller skips locally and fails under CI). */
export async function clusterMissing(): Promise<string | null> {
  if (!(await portOpen(5432))) return 'PostgreSQL is not reachable on 127.0.0.1:5432'
  if (!(await portOpen(6379))) return 'Redis is not reachable on 127.0.0.1:6379'
  if (!NGINX) return 'nginx is not installed'
  if (!existsSync(PYTHON)) return `no ${PYTHON}: run make install`
  return null
}

/** `count` consecutive free ports (cluster.sh numbers its nodes from BASE_PORT). */
async function freeRun(count: number): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = await freePort()
    if (base + count > 65535) continue
    const taken = await Promise.all(Array.from({ length: count - 1 }, (_, i) => portOpen(base + i + 1)))
    if (!taken.some(Boolean)) return base
  }
  throw new Error('no run of free ports')
}

/** SIGKILL a node by the pid cluster.sh wrote, if that pid is still an interview-sim server. */
function killIfOurs(pid: number): void {
  try {
    if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('interview_sim')) process.kill(pid, 'SIGKILL')
  } catch {
    /* gone already */
  }
}

function dropDatabase(name: string): void {
  const script = `import asyncio, asyncpg, sys
async def main():
    c = await asyncpg.connect(sys.argv[1])
    await c.execute(f'DROP DATABASE IF EXISTS "{sys.argv[2]}" WITH (FORCE)')
    await c.close()
asyncio.run(main())`
  spawnSync(PYTHON, ['-c', script, PG_ADMIN, name], { stdio: 'ignore', timeout: 20_000 })
}

async function waitForHealth(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`cluster.sh exited with code ${child.exitCode}`)
    try {
      if ((await fetch(`${url}/health`)).status === 200) return
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 250))
  }
  throw new Error(`the cluster did not answer ${url}/health within ${timeoutMs} ms`)
}

export async function startCluster(nodes = 2, env: Record<string, string> = {}): Promise<Cluster> {
  const dir = mkdtempSync(join(tmpdir(), 'interview-sim-cluster-e2e-'))
  const database = `isim_e2e_${Math.random().toString(36).slice(2, 10)}`
  const [listen, basePort] = [await freePort(), await freeRun(nodes)]
  let output = ''
  const child = spawn('bash', ['scripts/cluster.sh'], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      NODES: String(nodes),
      BASE_PORT: String(basePort),
      LISTEN: `127.0.0.1:${listen}`,
      DATABASE_URL: `${PG_ADMIN.replace(/\/[^/]*$/, '')}/${database}`,
      CLUSTER_DIR: dir,
      LLM_API_KEY: '',
      OPENROUTER_API_KEY: '',
      ...(NGINX ? { NGINX } : {}),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  child.stdout?.on('data', (d) => (output += String(d)))
  child.stderr?.on('data', (d) => (output += String(d)))
  const url = `http://127.0.0.1:${listen}`
  const pid = (nodeId: string) => Number(readFileSync(join(dir, `${nodeId}.pid`), 'utf8').trim())
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r))
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000)
      await exited
      clearTimeout(timer)
    }
    for (let i = 1; i <= nodes; i++) killIfOurs(pid(`node${i}`)) // only if cluster.sh could not stop it
    dropDatabase(database)
    rmSync(dir, { recursive: true, force: true })
  }
  try {
    await waitForHealth(url, child, 120_000)
  } catch (err) {
    await stop()
    throw new Error(`${(err as Error).message}\n--- cluster.sh output ---\n${output}`)
  }
  return {
    url,
    nodes,
    kill: (nodeId) => process.kill(pid(nodeId), 'SIGKILL'),
    servingNode: async () => ((await (await fetch(`${url}/health`)).json()) as { node: string }).node,
    logs: () => output,
    accessLog: () => {
      const path = join(dir, 'logs', 'access.log')
      return existsSync(path) ? readFileSync(path, 'utf8') : ''
    },
    stop,
  }
}
