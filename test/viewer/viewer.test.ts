/**
 * The viewer in a real Chromium against a real `nereid serve` over the demo's project (plus a 1M-point
 * spike run and an image series): runs table and query, sorting and the column picker, a run page's
 * chart pixels, the spike in the min/max band at full zoom-out, an image of a file series, and a point
 * logged by a child process appearing without a reload (run page and compare), and keyboard zoom. Screenshots go to test-results/.
 */
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SPIKE, viewerProject } from './fixture.js'
import { colouredPixels, HAS_CHROMIUM, launch, serve, shot, type Served } from './harness.js'

const INDEX = fileURLToPath(new URL('../../dist/src/index.js', import.meta.url))

describe.skipIf(!HAS_CHROMIUM)('viewer in Chromium', () => {
  let dir = ''
  let served: Served
  let browser: BrowserContext
  let page: Page

  beforeAll(async () => {
    dir = await viewerProject()
    served = await serve(dir)
    browser = await launch()
    page = await browser.newPage()
    page.on('pageerror', (e) => console.error('page error:', e.message))
  }, 120_000)

  afterAll(async () => {
    await browser?.close()
    await served?.stop()
  })

  const rowIds = (): Promise<string[]> =>
    page.$$eval('.vt-row', (rows) => rows.map((r) => (r as HTMLElement).dataset.id ?? ''))

  it('lists the runs, and a query narrows them; a bad query shows the parser error under the box', async () => {
    await page.goto(`${served.url}/`)
    await page.waitForSelector('table.projects')
    expect(await page.textContent('table.projects tbody')).toContain('demo')
    await shot(page, 'projects')
    await page.click('table.projects a:text-is("demo")')
    await page.waitForSelector('.vt-row')
    expect((await rowIds()).sort()).toEqual(['DEMO-1', 'DEMO-2', 'DEMO-3', 'DEMO-4'])
    await expect.poll(() => page.textContent('.count')).toBe('4 runs')
    await shot(page, 'runs-table')
    await page.fill('input[name=q]', 'parameters/lr > 0.05 AND sys/tags CONTAINS "mlp"')
    await page.press('input[name=q]', 'Enter')
    await page.waitForFunction(() => document.querySelector('.count')?.textContent === '2 runs')
    expect((await rowIds()).sort()).toEqual(['DEMO-2', 'DEMO-3'])
    expect(page.url()).toContain('q=parameters')
    await shot(page, 'runs-table-query')
    await page.fill('input[name=q]', 'parameters/lr >')
    await page.press('input[name=q]', 'Enter')
    await page.waitForSelector('.query-error strong')
    expect(await page.textContent('.query-error')).toContain('QUERY_SYNTAX')
    await shot(page, 'runs-table-query-error')
    await page.goBack()
    await page.waitForFunction(() => document.querySelector('.count')?.textContent === '2 runs')
  })

  it('sorts by a column (both ways), adds a column from the picker (aggregates included), downloads the CSV of what is shown', async () => {
    await page.goto(`${served.url}/#/p/demo?q=sys/tags CONTAINS "mlp"`)
    await page.waitForSelector('.vt-row')
    await page.click('.vt-head button[title="parameters/lr"]')
    await page.waitForFunction(() => location.hash.includes('sort=parameters'))
    await page.waitForSelector('.vt-row')
    expect(await rowIds()).toEqual(['DEMO-1', 'DEMO-2', 'DEMO-3'])
    await page.click('.vt-head button[title="parameters/lr"]')
    await page.waitForFunction(() => location.hash.includes('order=desc'))
    await page.waitForFunction(() => document.querySelector('.vt-row')?.getAttribute('data-id') === 'DEMO-3')
    expect(await rowIds()).toEqual(['DEMO-3', 'DEMO-2', 'DEMO-1'])
    await page.click('button[aria-expanded]')
    await page.fill('.picker input[type=search]', 'train/loss')
    await page.check('.picker input[value="train/loss:min"]')
    await shot(page, 'column-picker')
    await page.click('.picker button.primary')
    await page.waitForSelector('.vt-head button[title="train/loss:min"]')
    const cells = await page.$$eval('.vt-row span[title="train/loss:min"]', (els) =>
      els.map((e) => Number(e.textContent)),
    )
    expect(cells).toHaveLength(3)
    for (const v of cells) expect(v).toBeGreaterThan(0)
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('button:text-is("Download CSV")'),
    ])
    const csv = readFileSync(await download.path(), 'utf8')
      .trim()
      .split(/\r\n/)
    expect(csv[0]?.split(',')[0]).toBe('sys/id')
    expect(csv[0]).toContain('train/loss:min')
    expect(csv.slice(1).map((line) => line.split(',')[0])).toEqual(['DEMO-3', 'DEMO-2', 'DEMO-1'])
  })

  it('draws a run page chart (non-blank canvas pixels) grouped by namespace', async () => {
    await page.goto(`${served.url}/#/p/demo/run/DEMO-2`)
    const card = '[data-path="train/loss"]'
    await page.waitForSelector(`${card}[data-state=drawn] canvas`)
    expect(await colouredPixels(page, card)).toBeGreaterThan(200)
    expect(await page.$$eval('.group > summary', (s) => s.map((e) => e.textContent))).toEqual(
      expect.arrayContaining(['train (2)', 'val (2)']),
    )
    await shot(page, 'run-page')
    await page.selectOption('select[aria-label=smoothing]', 'ema')
    await page.waitForFunction(() => location.hash.includes('smooth=ema'))
    await page.waitForSelector(`${card}[data-state=drawn] canvas`)
    expect(await colouredPixels(page, card)).toBeGreaterThan(200)
    await shot(page, 'run-page-smoothed')
    await page.emulateMedia({ colorScheme: 'dark' })
    await page.reload()
    await page.waitForSelector(`${card}[data-state=drawn] canvas`)
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(20, 23, 29)')
    await shot(page, 'run-page-dark')
    await page.emulateMedia({ colorScheme: 'light' })
  })

  it('shows a one-point spike among 1M points in the min/max band at full zoom-out, and keeps it after a zoom', async () => {
    await page.goto(`${served.url}/#/p/demo/run/DEMO-4`)
    const card = `[data-path="${SPIKE.path}"]`
    await page.waitForSelector(`${card}[data-state=drawn] canvas`)
    const points = Number(await page.getAttribute(card, 'data-points'))
    expect(points).toBeLessThan(3000)
    const at = SPIKE.step / (SPIKE.points - 1)
    const near = await colouredPixels(page, card, { from: at - 0.01, to: at + 0.01, topFraction: 0.3 })
    const left = await colouredPixels(page, card, { from: 0.05, to: at - 0.05, topFraction: 0.3 })
    const right = await colouredPixels(page, card, { from: at + 0.05, to: 0.98, topFraction: 0.3 })
    expect(near).toBeGreaterThan(5)
    expect(left + right).toBe(0)
    await page.locator(card).scrollIntoViewIfNeeded()
    await shot(page, 'spike')
    const box = (await page.locator(`${card} .u-over`).boundingBox())!
    await page.mouse.move(box.x + box.width * (at - 0.1), box.y + box.height / 2)
    await page.mouse.down()
    await page.mouse.move(box.x + box.width * (at + 0.1), box.y + box.height / 2, { steps: 5 })
    await page.mouse.up()
    await page.waitForFunction(
      (c) =>
        document.querySelector(c)?.getAttribute('data-state') === 'drawn' &&
        Number(document.querySelector(c)?.getAttribute('data-points')) > 0 &&
        document.querySelector(c)?.getAttribute('data-zoomed') === '1',
      card,
    )
    const zoomedNear = await colouredPixels(page, card, { from: 0.4, to: 0.6, topFraction: 0.3 })
    expect(zoomedNear).toBeGreaterThan(5)
    await shot(page, 'spike-zoomed')
    await page.dblclick(`${card} .u-over`)
    await page.waitForFunction(
      (c) =>
        document.querySelector(c)?.getAttribute('data-zoomed') === '0' &&
        document.querySelector(c)?.getAttribute('data-state') === 'drawn',
      card,
    )
  })

  it('zooms and pans a focused chart from the keyboard (+, arrows, -, Escape), refetching buckets', async () => {
    await page.goto(`${served.url}/#/p/demo/run/DEMO-4`)
    const card = `[data-path="${SPIKE.path}"]`
    await page.waitForSelector(`${card}[data-state=drawn] canvas`)
    const rangeAfter = async (key: string, range: string): Promise<void> => {
      await page.keyboard.press(key)
      await page.waitForFunction(
        ([c, r]) =>
          document.querySelector(c as string)?.getAttribute('data-state') === 'drawn' &&
          document.querySelector(c as string)?.getAttribute('data-range') === r,
        [card, range],
      )
    }
    await page.focus(`${card} .plot`)
    await rangeAfter('+', '249999-750000') // the middle half of steps 0..999999
    expect(await page.getAttribute(card, 'data-zoomed')).toBe('1')
    // the spike (step 654321) stays exact in the zoomed buckets
    const at = (SPIKE.step - 249_999) / 500_001
    expect(
      await colouredPixels(page, card, { from: at - 0.02, to: at + 0.02, topFraction: 0.3 }),
    ).toBeGreaterThan(5)
    await shot(page, 'chart-keyboard-zoom')
    await rangeAfter('ArrowRight', '374999-875000') // a quarter to the right
    await rangeAfter('-', '124998-999999') // twice as wide, up to the last step
    await rangeAfter('Escape', '')
    expect(await page.getAttribute(card, 'data-zoomed')).toBe('0')
  })

  it('loads an image of a file series, and the step slider changes it', async () => {
    await page.goto(`${served.url}/#/p/demo/run/DEMO-4`)
    const img = '.gallery-main img'
    await page.waitForSelector(img)
    await page.waitForFunction(
      (s) => (document.querySelector(s) as HTMLImageElement | null)?.naturalWidth === 48,
      img,
    )
    expect(await page.getAttribute(img, 'alt')).toContain('step 5')
    await page.locator('.gallery input[type=range]').fill('2')
    await page.waitForFunction(() =>
      document.querySelector('.gallery-main img')?.getAttribute('alt')?.includes('step 2'),
    )
    await page.waitForFunction(
      (s) => (document.querySelector(s) as HTMLImageElement | null)?.naturalWidth === 48,
      img,
    )
    await page.locator('.gallery').scrollIntoViewIfNeeded()
    await shot(page, 'gallery')
  })

  it('draws a histogram series at its last step, and the step slider shows another', async () => {
    await page.goto(`${served.url}/#/p/demo/run/DEMO-4`)
    const card = '.histogram.card[data-path="weights/l1"]'
    await page.waitForSelector(`${card}[data-step="4"]`)
    expect(await page.getAttribute(card, 'data-bins')).toBe('3')
    expect(await page.textContent(`${card} .toolbar .hint`)).toContain('step 4 (5 of 5)')
    const bars = (): Promise<number[]> =>
      page.$eval(`${card} canvas`, (c) => {
        const canvas = c as HTMLCanvasElement
        const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data
        // painted pixels in each third of the width: one bin each (edges 0, 1, 2, 3)
        const thirds = [0, 0, 0]
        for (let i = 3; i < data.length; i += 4)
          if (data[i]! > 0)
            thirds[Math.min(2, Math.floor((((i - 3) / 4) % canvas.width) / (canvas.width / 3)))]!++
        return thirds
      })
    const last = await bars() // values [5, 5, 1]
    expect(last[0]).toBeGreaterThan(0)
    expect(last[0]! / last[2]!).toBeGreaterThan(4)
    await page.locator(`${card} input[type=range]`).fill('0')
    await page.waitForSelector(`${card}[data-step="0"]`)
    const first = await bars() // values [1, 5, 5]
    expect(first[2]! / first[0]!).toBeGreaterThan(4)
    await page.locator(card).scrollIntoViewIfNeeded()
    await shot(page, 'histogram')
  })

  it('compares runs: one chart per series with run names, and a diff of differing parameters', async () => {
    await page.goto(`${served.url}/#/p/demo`)
    await page.waitForSelector('.vt-row')
    for (const id of ['DEMO-1', 'DEMO-3']) await page.check(`input[aria-label="select ${id}"]`)
    await page.click('a.button:has-text("Compare (2)")')
    await page.waitForSelector('[data-path="val/accuracy"][data-state=drawn] canvas')
    const keys = await page.$$eval('.diff tbody th', (ths) => ths.map((t) => t.textContent))
    expect(keys).toContain('parameters/lr')
    expect(keys).not.toContain('parameters/momentum')
    const legend = await page.textContent('[data-path="val/accuracy"] .legend')
    expect(legend).toContain('mlp lr=0.01')
    expect(legend).toContain('mlp lr=0.5')
    expect(await colouredPixels(page, '[data-path="val/accuracy"]')).toBeGreaterThan(200)
    await shot(page, 'compare')
    await page.check('text=show all keys')
    await page.waitForFunction(() => location.hash.includes('all=1'))
    await page.waitForSelector('.diff tbody th:text-is("parameters/momentum")')
  })

  it('shows a new run and its new points, logged by a child process, without a reload', async () => {
    await page.goto(`${served.url}/#/p/demo`)
    await page.waitForSelector('.vt-row')
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 42))
    const script = `
      import { openProject } from ${JSON.stringify(INDEX)}
      const project = openProject(${JSON.stringify(dir)})
      const run = project.startRun({ name: 'live run', tags: ['live'] })
      for (let s = 0; s < 5; s++) run.log({ 'live/loss': 1 / (s + 1) }, { step: s })
      run.flush()
      console.log('ready')
      let next = 5
      process.stdin.on('data', (data) => {
        if (String(data).includes('end')) { run.close(); project.close(); process.exit(0) }
        for (let s = next; s < next + 5; s++) run.log({ 'live/loss': 1 / (s + 1) }, { step: s })
        next += 5
        run.flush()
        console.log('more')
      })`
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      stdio: ['pipe', 'pipe', 'inherit'],
      env: { ...process.env, NEREID_CAPTURE: '0' },
    })
    try {
      await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()))
      await page.waitForSelector('.vt-row[data-id="DEMO-5"]', { timeout: 20_000 })
      await shot(page, 'live-new-run')
      await page.click('.vt-row[data-id="DEMO-5"] a')
      const card = '[data-path="live/loss"]'
      await page.waitForSelector(`${card}[data-state=drawn]`)
      expect(await page.getAttribute(card, 'data-last-step')).toBe('4')
      child.stdin.write('go\n')
      await page.waitForFunction(
        (c) => document.querySelector(c)?.getAttribute('data-last-step') === '9',
        card,
        { timeout: 20_000 },
      )
      expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42)
      await shot(page, 'live-points')
      // compare takes a compared run's new points live too
      await page.click('a:text-is("demo")')
      await page.waitForSelector('.vt-row[data-id="DEMO-5"]')
      for (const id of ['DEMO-5', 'DEMO-1']) await page.check(`input[aria-label="select ${id}"]`)
      await page.click('a.button:has-text("Compare (2)")')
      await page.waitForSelector(`${card}[data-state=drawn]`)
      expect(await page.getAttribute(card, 'data-last-steps')).toContain('9')
      expect(await page.textContent(`${card} .legend`)).toContain('live run')
      child.stdin.write('go\n')
      await page.waitForFunction(
        (c) => document.querySelector(c)?.getAttribute('data-last-steps')?.split(',').includes('14'),
        card,
        { timeout: 20_000 },
      )
      expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42)
      await shot(page, 'live-compare')
    } finally {
      child.stdin.write('end\n')
      await new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once('exit', resolve)))
    }
  })
})
