/**
 * `npm run bench:viewer`: how long the viewer takes, in headless Chromium (/usr/bin/chromium) against a
 * real `nereid serve` child process, until (a) a chart of a 1M-point series is drawn (goal 1 s) and
 * (b) a 10k-run runs table shows its rows (goal 1.5 s). Each is timed from page.goto() to the view's
 * ready marker, best and median of 5 fresh page loads. The baseline, timed the same way, is the viewer's
 * shell: index.html, the JS and CSS loaded and the script running (before any API reply); each figure is
 * also given as a ratio to it. Also timed: the projects page (it sums up every project, the 10k-run one
 * included), a run page with 1,000 float series (goal: first chart drawn in 1 s; charts mount lazily)
 * and a compare of 100 runs (first chart drawn). Beside each time: the longest main-thread task during
 * the load (the page stays usable when it is short) and how many charts were drawn by then.
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
const WIDE_SERIES = 1_000
const WIDE_POINTS = 1_000
const COMPARED = 100
const COMPARE_SERIES = 4
const COMPARE_POINTS = 2_000
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
  const wide = openProject(join(root, 'wide'), { onWarning: () => {} })
  const w = wide.startRun({ name: 'a thousand series' })
  const steps = Array.from({ length: WIDE_POINTS }, (_, i) => i)
  for (let k = 0; k < WIDE_SERIES; k++)
    w.field(`group${k % 10}/series${k}`).extend(
      steps.map((s) => Math.cos(s / 50 + k)),
      { steps },
    )
  w.close()
  wide.close()
  const cmp = openProject(join(root, 'cmp'), { onWarning: () => {} })
  const cmpSteps = Array.from({ length: COMPARE_POINTS }, (_, i) => i)
  for (let i = 0; i < COMPARED; i++) {
    const r = cmp.startRun({ name: `seed ${i}` })
    r.assign('parameters', { seed: BigInt(i), lr: (i % 10) / 100 })
    for (let k = 0; k < COMPARE_SERIES; k++)
      r.field(`metrics/m${k}`).extend(
        cmpSteps.map((s) => Math.exp(-s / (500 + i)) + k),
        { steps: cmpSteps },
      )
    r.close()
  }
  cmp.close()
}

/** Records the page's long tasks (from before its first script) in window.__longest. */
const LONG_TASKS = `window.__longest = 0; new PerformanceObserver((list) => { for (const e of list.getEntries())
  window.__longest = Math.max(window.__longest, e.duration) }).observe({ type: 'longtask', buffered: true })`

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

interface Timing {
  /** Sorted load times, ms. */
  times: number[]
  /** The longest main-thread task of any load, ms. */
  longest: number
  /** Charts drawn when the ready marker showed (median). */
  drawn: number
}

async function time(browser: BrowserContext, url: string, ready: string): Promise<Timing> {
  const times: number[] = []
  const drawn: number[] = []
  let longest = 0
  for (let i = 0; i < REPEAT; i++) {
    const page = await browser.newPage()
    await page.addInitScript(LONG_TASKS)
    const t0 = performance.now()
    await page.goto(url)
    await page.waitForSelector(ready, { timeout: 120_000 })
    times.push(performance.now() - t0)
    drawn.push(await page.$$eval('[data-state=drawn]', (els) => els.length))
    // one more second: lazily mounted charts in view finish, and their tasks count too
    await page.waitForTimeout(1000)
    longest = Math.max(longest, Number(await page.evaluate('window.__longest')))
    await page.close()
  }
  return {
    times: times.sort((a, b) => a - b),
    longest,
    drawn: drawn.sort((a, b) => a - b)[Math.floor(REPEAT / 2)] ?? 0,
  }
}

async function main(): Promise<void> {
  if (!existsSync(CHROMIUM))
    throw new Error(`${CHROMIUM} is absent: apt-get update && apt-get install -y chromium`)
  const root = mkdtempSync(join(tmpdir(), 'nereid-viewer-bench-'))
  process.env.NEREID_CAPTURE = '0'
  const t = performance.now()
  makeWorkspace(root)
  console.log(
    `workspace: 1 run x ${POINTS} points, ${RUNS} runs, 1 run x ${WIDE_SERIES} series, ${COMPARED} runs x ${COMPARE_SERIES} series, made in ${((performance.now() - t) / 1000).toFixed(1)} s`,
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
      {
        name: `run page, ${WIDE_SERIES} series`,
        url: `${served.url}/#/p/wide/run/WIDE-1`,
        ready: '.chart[data-state=drawn] canvas',
        goal: 1000,
      },
      {
        name: `compare of ${COMPARED} runs`,
        url: `${served.url}/#/p/cmp/compare?runs=${Array.from({ length: COMPARED }, (_, i) => `CMP-${i + 1}`).join(',')}`,
        ready: '.chart[data-state=drawn] canvas',
        goal: 0,
      },
    ]
    const results = []
    for (const c of cases) results.push({ ...c, ...(await time(browser, c.url, c.ready)) })
    const base = results[0]?.times[Math.floor(REPEAT / 2)] ?? 1
    console.log(
      `${cpus().length} cpus, load ${loadavg()[0]?.toFixed(2)}; ${REPEAT} fresh page loads each, goto -> ready marker`,
    )
    for (const r of results) {
      const median = r.times[Math.floor(REPEAT / 2)] as number
      const best = r.times[0] as number
      const goal = r.goal ? `goal ${r.goal} ms ${median <= r.goal ? 'met' : 'MISSED'}` : ''
      console.log(
        `${r.name.padEnd(26)} best ${best.toFixed(0).padStart(5)} ms  median ${median.toFixed(0).padStart(5)} ms  x${(median / base).toFixed(2)} baseline  longest task ${r.longest.toFixed(0).padStart(4)} ms  ${String(r.drawn).padStart(2)} charts drawn  ${goal}`,
      )
    }
  } finally {
    await browser.close()
    served.stop()
    rmSync(root, { recursive: true, force: true })
  }
}

await main()
