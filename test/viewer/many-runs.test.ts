/**
 * A 10k-run project in Chromium: the runs table shows the total, keeps only the rows in view in the
 * DOM, and scrolling to the end fetches and shows the last rows (the oldest run).
 */
import { join } from 'node:path'
import type { BrowserContext } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openProject } from '../../src/index.js'
import { tempDir } from '../helpers/tmp.js'
import { HAS_CHROMIUM, launch, serve, shot, type Served } from './harness.js'

const RUNS = 10_000

/**
 * Makes a project of `runs` small runs (parameters, a tag, one float series point) through the public API.
 * @example const dir = manyRunsProject(10_000)
 */
export function manyRunsProject(runs: number): string {
  const dir = join(tempDir('viewer-many-'), 'many')
  const project = openProject(dir, { onWarning: () => {} })
  for (let i = 0; i < runs; i++) {
    const run = project.startRun({ name: `trial ${i}`, tags: [i % 2 ? 'odd' : 'even'] })
    run.assign('parameters', {
      lr: (i % 100) / 1000,
      layers: BigInt(i % 7),
      optimizer: i % 3 ? 'adam' : 'sgd',
    })
    run.log({ 'metrics/acc': (i % 997) / 997 }, { step: 0 })
    run.close()
  }
  project.close()
  return dir
}

describe.skipIf(!HAS_CHROMIUM)('a 10k-run table in Chromium', () => {
  let served: Served
  let browser: BrowserContext

  beforeAll(async () => {
    served = await serve(manyRunsProject(RUNS))
    browser = await launch()
  }, 240_000)

  afterAll(async () => {
    await browser?.close()
    await served?.stop()
  })

  it('scrolls to the last run with only the visible rows in the DOM', async () => {
    const page = await browser.newPage()
    await page.goto(`${served.url}/#/p/many`)
    await page.waitForSelector('.vt-row')
    expect(await page.textContent('.count')).toBe(`${RUNS} runs`)
    expect(await page.$$eval('.vt-row', (r) => r.length)).toBeLessThan(100)
    expect(await page.getAttribute('.vt-row', 'data-id')).toBe(`MANY-${RUNS}`)
    for (const fraction of [0.25, 0.5, 0.75, 1]) {
      await page.$eval('.vt', (el, f) => (el.scrollTop = (el.scrollHeight - el.clientHeight) * f), fraction)
      // the rows drawn are those at the new scroll position (not the ones left from before it)
      await page.waitForFunction(() => {
        const vt = document.querySelector('.vt') as HTMLElement
        const rows = [...vt.querySelectorAll<HTMLElement>('.vt-row')]
        const top = vt.scrollTop
        return rows.length > 10 && rows.some((r) => Math.abs(r.offsetTop - top) < vt.clientHeight)
      })
    }
    await page.waitForSelector('.vt-row[data-id="MANY-1"]')
    expect(await page.$$eval('.vt-row', (r) => r.length)).toBeLessThan(100)
    await page.$eval('.vt', (el) => (el.scrollTop = el.scrollHeight / 2))
    await page.waitForSelector(`.vt-row[data-id="MANY-${RUNS / 2}"]`)
    await shot(page, 'runs-table-10k')
  }, 180_000) // each page of 200 rows is a runs-table query over 10k runs: slow on a loaded 2-core machine
})
