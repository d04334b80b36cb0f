/**
 * `npm run bench:viewer`: how long the viewer takes, in headless Chromium (/usr/bin/chromium) against a
 * real `nereid serve` child process, until (a) a chart of a 1M-point series is drawn (goal 1 s) and
 * (b) a 10k-run runs table shows its rows (goal 1.5 s). Each is timed from page.goto() to the view's
 * ready marker, best and median of 5 fresh page loads. The baseline, timed the same way, is the viewer's
 * shell: index.html, the JS and CSS loaded and the script running (before any API reply); each figure is
 * also given as a ratio to it. The projects page is timed too (it sums up every project).
 *
 * Options: --quick (1k runs instead of 10k).
 *
 * @example
 * npm run bench:viewer
 */
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type BrowserContext } from 'playwright-core'
import { openProject } from '../src/index.js'

const CHROMIUM = '/usr/bin/chromium'
const RUNS = process.argv.includes('--quick') ? 1_000 : 10_000
const POINTS = 1_000_000
const REPEAT = 5
const MAIN = join(import.meta.dirname, '..', 'src', 'cli', 'main.js')

function makeWorkspace(root: string): void {
  const big = openProject(join(root, 'big'), { onWarning: () => {} })
  const run = big.startRun({ name: 'million' })
  for (let start = 0; start < POINTS; start += 100_000) {
    const steps = Array.from({ length: 100_000 }, (_, i) => start + i)
    run.field('metrics/loss').extend(
      steps.map((s) => Math.exp(-s / 3e5) + Math.sin(s) * 0.01),
      { steps },
    )
    run.flush()
  }
  run.close()
  big.close()
  const many = openProject(join(root, 'many'), { onWarning: () => {} })
  for (let i = 0; i < RUNS; i++) {
    const r = many.startRun({ name: `trial ${i}`, tags: ['bench'] })
    r.assign('parameters', { lr: (i % 100) / 1000, optimizer: i % 3 ? 'adam' : 'sgd' })
    r.log({ 'metrics/acc': (i % 997) / 997 }, { step: 0 })
    r.close()
  }
  many.close()
}

function serve(dir: string): Promise<{ url: string; stop: () => void }> {
  const child = spawn(process.execPath, [MAIN, 'serve', dir, '--port', '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  return new Promise((resolve, reject) => {
    const onData = (b: Buffer): void => {
      out += b.toString()
      const m = /(http:\/\/[^\s?]+)/.exec(out)
      if (m) resolve({ url: (m[1] as string).replace(/\/$/, ''), stop: () => child.kill('SIGTERM') })
    }
    child.stdout.on('data', onData)
    child.stderr.on('data', onData)
    child.once('exit', (code) => reject(new Error(`nereid serve exited ${code}: ${out}`)))
  })
}

async function time(browser: BrowserContext, url: string, ready: string): Promise<number[]> {
  const times: number[] = []
  for (let i = 0; i < REPEAT; i++) {
    const page = await browser.newPage()
    const t0 = performance.now()
    await page.goto(url)
    await page.waitForSelector(ready, { timeout: 60_000 })
    times.push(performance.now() - t0)
    await page.close()
  }
  return times.sort((a, b) => a - b)
}

async function main(): Promise<void> {
  if (!existsSync(CHROMIUM))
    throw new Error(`${CHROMIUM} is absent: apt-get update && apt-get install -y chromium`)
  const root = mkdtempSync(join(tmpdir(), 'nereid-viewer-bench-'))
  process.env.NEREID_CAPTURE = '0'
  const t = performance.now()
  makeWorkspace(root)
  console.log(
    `workspace: 1 run x ${POINTS} points, ${RUNS} runs, made in ${((performance.now() - t) / 1000).toFixed(1)} s`,
  )
  const served = await serve(root)
  const browser = await chromium.launchPersistentContext(
    mkdtempSync(join(tmpdir(), 'nereid-bench-chromium-')),
    {
      executablePath: CHROMIUM,
      viewport: { width: 1280, height: 800 },
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-quic',
        '--no-first-run',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  )
  try {
    await time(browser, `${served.url}/#/p/many`, '.vt-row') // warm-up: the server opens both projects
    const cases = [
      { name: 'viewer shell (baseline)', url: `${served.url}/#/p/big`, ready: '#app[data-view]', goal: 0 },
      { name: 'projects page', url: `${served.url}/#/`, ready: 'table.projects', goal: 0 },
      {
        name: `1M-point chart`,
        url: `${served.url}/#/p/big/run/BIG-1`,
        ready: '[data-path="metrics/loss"][data-state=drawn] canvas',
        goal: 1000,
      },
      { name: `${RUNS}-run table`, url: `${served.url}/#/p/many`, ready: '.vt-row', goal: 1500 },
    ]
    const results = []
    for (const c of cases) results.push({ ...c, times: await time(browser, c.url, c.ready) })
    const base = results[0]?.times[Math.floor(REPEAT / 2)] ?? 1
    console.log(
      `${cpus().length} cpus, load ${loadavg()[0]?.toFixed(2)}; ${REPEAT} fresh page loads each, goto -> ready marker`,
    )
    for (const r of results) {
      const median = r.times[Math.floor(REPEAT / 2)] as number
      const best = r.times[0] as number
      const goal = r.goal ? `goal ${r.goal} ms ${median <= r.goal ? 'met' : 'MISSED'}` : ''
      console.log(
        `${r.name.padEnd(26)} best ${best.toFixed(0).padStart(5)} ms  median ${median.toFixed(0).padStart(5)} ms  x${(median / base).toFixed(2)} baseline  ${goal}`,
      )
    }
  } finally {
    await browser.close()
    served.stop()
    rmSync(root, { recursive: true, force: true })
  }
}

await main()
