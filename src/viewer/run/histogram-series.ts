/**
 * A HistogramSeries of a run: the histogram at one step drawn as bars on a canvas, a slider over the
 * logged steps (the last one first), and the bin under the pointer. Each step's histogram is fetched
 * alone from GET …/histograms (offset = its index, limit 1), so a series of thousands of steps costs one
 * small request per step looked at.
 */
import { getJson, num, projectPath } from '../api.js'
import { h } from '../dom.js'
import { numberText } from '../format.js'
import { binAt, histogramBars } from './histogram-bars.js'

const WIDTH = 520
const HEIGHT = 160

interface HistogramsReply {
  total: number
  items: { step: unknown; type: string; edges: unknown[]; values: unknown[] }[]
}

/**
 * The card of one histogram series.
 * @example section.append(histogramSeries('demo', 'DEMO-1', 'weights/l1'))
 */
export function histogramSeries(project: string, run: string, path: string): HTMLElement {
  const canvas = h('canvas', { width: WIDTH, height: HEIGHT, class: 'histogram', 'aria-label': path })
  const slider = h('input', { type: 'range', min: 0, max: 0, value: 0, 'aria-label': `step of ${path}` })
  const stepText = h('span', { class: 'hint' }, 'loading…')
  const binText = h('span', { class: 'hint' })
  const card = h(
    'section',
    { class: 'histogram card', 'data-path': path },
    h('h3', {}, path),
    h('div', { class: 'toolbar' }, slider, stepText),
    canvas,
    h('div', { class: 'toolbar' }, binText),
  )
  let shown: { edges: number[]; values: number[] } | undefined
  let wanted = -1
  const draw = (edges: number[], values: number[]): void => {
    const ctx = canvas.getContext('2d')
    if (!ctx) return
    ctx.clearRect(0, 0, WIDTH, HEIGHT)
    ctx.fillStyle = getComputedStyle(card).getPropertyValue('--accent').trim() || '#2f6fde'
    for (const bar of histogramBars(edges, values, WIDTH, HEIGHT))
      ctx.fillRect(bar.x, bar.y, Math.max(1, bar.w - 1), bar.h) // a pixel between neighbouring bars
  }
  const load = async (index: number): Promise<void> => {
    wanted = index
    const reply = await getJson<HistogramsReply>(projectPath(project, 'runs', run, 'histograms'), {
      path,
      offset: index,
      limit: 1,
    })
    if (wanted !== index) return // a later move of the slider won
    slider.max = String(Math.max(0, reply.total - 1))
    const item = reply.items[0]
    if (!item) {
      stepText.textContent = 'no entries'
      return
    }
    shown = { edges: item.edges.map(num), values: item.values.map(num) }
    draw(shown.edges, shown.values)
    card.dataset['step'] = String(item.step)
    card.dataset['bins'] = String(shown.values.length)
    stepText.textContent = `step ${String(item.step)} (${index + 1} of ${reply.total}) · ${shown.values.length} bins · ${numberText(shown.edges[0]!)} … ${numberText(shown.edges[shown.edges.length - 1]!)}`
  }
  slider.addEventListener('input', () => void load(Number(slider.value)))
  canvas.addEventListener('mousemove', (e) => {
    if (!shown) return
    const x = (e.offsetX / (canvas.clientWidth || WIDTH)) * WIDTH
    const bin = binAt(shown.edges, x, WIDTH)
    binText.textContent =
      bin < 0
        ? ''
        : `[${numberText(shown.edges[bin]!)}, ${numberText(shown.edges[bin + 1]!)}): ${numberText(shown.values[bin]!)}`
  })
  void (async () => {
    const first = await getJson<HistogramsReply>(projectPath(project, 'runs', run, 'histograms'), {
      path,
      offset: 0,
      limit: 1,
    })
    slider.max = String(Math.max(0, first.total - 1))
    slider.value = slider.max
    await load(Math.max(0, first.total - 1))
  })()
  return card
}
