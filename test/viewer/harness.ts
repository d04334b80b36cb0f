/**
 * The browser tests' harness: a real `nereid serve` child process (the built CLI) over a project
 * directory, and Debian's Chromium driven by playwright-core with a fresh profile. Screenshots go to
 * test-results/.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { chromium, type BrowserContext, type Page } from 'playwright-core'
import { tempDir } from '../helpers/tmp.js'

/** Where Debian's chromium package puts the browser. */
export const CHROMIUM = '/usr/bin/chromium'
/** False when Chromium is not installed (the browser tests then skip, saying why). */
export const HAS_CHROMIUM = existsSync(CHROMIUM)
if (!HAS_CHROMIUM)
  console.warn(`test/viewer: skipped, ${CHROMIUM} is absent (apt-get update && apt-get install -y chromium)`)

const MAIN = fileURLToPath(new URL('../../dist/src/cli/main.js', import.meta.url))
const RESULTS = fileURLToPath(new URL('../../test-results/', import.meta.url))

/** A running `nereid serve`. */
export interface Served {
  url: string
  stop(): Promise<void>
}

/**
 * Starts `nereid serve DIR --port 0` and resolves with the URL it prints.
 * @example const served = await serve(projectDir); await page.goto(served.url)
 */
export function serve(dir: string): Promise<Served> {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npm run build\` first`)
  const child: ChildProcess = spawn(process.execPath, [MAIN, 'serve', dir, '--port', '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1' },
  })
  let output = ''
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`nereid serve printed no URL in 20 s:\n${output}`)),
      20_000,
    )
    const onData = (chunk: Buffer): void => {
      output += chunk.toString()
      const match = /(http:\/\/[^\s?]+)/.exec(output)
      if (!match) return
      clearTimeout(timer)
      resolve({
        url: (match[1] as string).replace(/\/$/, ''),
        stop: () =>
          new Promise<void>((done) =>
            child.exitCode !== null ? done() : (child.once('exit', () => done()), child.kill('SIGTERM')),
          ),
      })
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', onData)
    child.once('exit', (code) => reject(new Error(`nereid serve exited (${code}):\n${output}`)))
  })
}

/**
 * Launches headless Chromium with a fresh profile (playwright passes it as --user-data-dir) and no
 * network but the page's, at 1280x800.
 * @example const browser = await launch(); const page = await browser.newPage()
 */
export function launch(): Promise<BrowserContext> {
  return chromium.launchPersistentContext(tempDir('nereid-chromium-'), {
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
  })
}

/**
 * Saves a full-page screenshot as test-results/<name>.png.
 * @example await shot(page, 'runs-table')
 */
export async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(RESULTS, { recursive: true })
  await page.screenshot({ path: `${RESULTS}${name}.png`, fullPage: false })
}

/**
 * Counts the canvas pixels of a chart card that are drawn in colour (not background, not grey grid
 * or text), in the plotting area only; with `column`, only that x range (fractions of the plot width)
 * and the top `topFraction` of the plot.
 * @example await colouredPixels(page, '[data-path="train/loss"]')
 */
export async function colouredPixels(
  page: Page,
  card: string,
  column?: { from: number; to: number; topFraction: number },
): Promise<number> {
  return page.$eval(
    card,
    (el, col) => {
      const canvas = el.querySelector('canvas') as HTMLCanvasElement
      const over = el.querySelector('.u-over') as HTMLElement
      const scale = canvas.width / canvas.getBoundingClientRect().width
      const c = canvas.getBoundingClientRect()
      const o = over.getBoundingClientRect()
      let x0 = (o.left - c.left) * scale
      let w = o.width * scale
      const y0 = (o.top - c.top) * scale
      let hgt = o.height * scale
      if (col) {
        x0 += w * col.from
        w = w * (col.to - col.from)
        hgt = hgt * col.topFraction
      }
      const data = (canvas.getContext('2d') as CanvasRenderingContext2D).getImageData(
        Math.round(x0),
        Math.round(y0),
        Math.max(1, Math.round(w)),
        Math.max(1, Math.round(hgt)),
      ).data
      let n = 0
      for (let i = 0; i < data.length; i += 4) {
        const [r, g, b, a] = [
          data[i] as number,
          data[i + 1] as number,
          data[i + 2] as number,
          data[i + 3] as number,
        ]
        if (a > 20 && Math.max(r, g, b) - Math.min(r, g, b) > 40) n++
      }
      return n
    },
    column,
  )
}
