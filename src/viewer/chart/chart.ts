/**
 * One chart of float series (one run's series, or the same series of several runs): uPlot draws, per
 * line, the exact min/max of each bucket as a band and a line through each bucket's last value, with
 * the smoothed line over a faint raw line. Drag to zoom refetches buckets for the range (so spikes stay
 * exact at every zoom); double-click resets. A focused chart zooms and pans from the keyboard (key-zoom.ts).
 * Live points are appended when the chart shows all steps.
 */
import uPlot from 'uplot'
import { h } from '../dom.js'
import { keyZoom } from './key-zoom.js'
import { robustRange } from './outliers.js'
import type { SeriesData } from './series-data.js'
import type { ChartSettings } from './settings.js'
import { smooth } from './smoothing.js'

/** One line of a chart: a run's series. */
export interface ChartLine {
  label: string
  data: SeriesData
  /** The run the line belongs to (live refresh fetches its new points). */
  run?: string
}

/** A step range; undefined means every step. */
export type StepRange = { from: number; to: number } | undefined

/** Where a chart gets its lines: buckets = the chart's pixel width. */
export type LoadLines = (range: StepRange, buckets: number) => Promise<ChartLine[]>

const COLORS = ['#2f6fde', '#e0542f', '#2a9d5b', '#9b51e0', '#d19a00', '#0aa1b5', '#d6336c', '#6c757d']

/**
 * A chart's colour for line i.
 * @example lineColor(0) // '#2f6fde'
 */
export function lineColor(i: number): string {
  return COLORS[i % COLORS.length] as string
}

function xs(data: SeriesData, axis: ChartSettings['x']): number[] {
  if (axis === 'step') return data.step
  const t0 = data.time[0] ?? 0
  return data.time.map((t) => (axis === 'wall' ? t / 1000 : (t - t0) / 1000))
}

function clean(values: number[], logY: boolean): (number | null)[] {
  return values.map((v) => (Number.isFinite(v) && (!logY || v > 0) ? v : null))
}

/** A mounted chart. */
export class SeriesChart {
  private plot: uPlot | null = null
  private lines: ChartLine[] = []
  private range: StepRange = undefined
  private readonly legend = h('div', { class: 'legend', 'aria-live': 'polite' })
  private readonly canvasBox = h('div', {
    class: 'plot',
    tabindex: 0,
    'aria-label': 'chart: + and - zoom, arrow keys pan, 0 or Escape resets',
  })
  /** The steps of the whole series, from the last load of every step (the bound of keyboard zoom). */
  private extent = { from: 0, to: 0 }

  /**
   * Makes a chart inside `el`; call load() to fetch and draw.
   * @example const chart = new SeriesChart(card, settings, (range, n) => fetchLines(range, n)); await chart.load()
   */
  constructor(
    private readonly el: HTMLElement,
    private readonly settings: ChartSettings,
    private readonly source: LoadLines,
  ) {
    el.append(this.canvasBox, this.legend)
    this.canvasBox.addEventListener('keydown', (e) => this.onKey(e))
  }

  /** The lines drawn (for live refresh). */
  get current(): ChartLine[] {
    return this.lines
  }

  /** True when the chart shows every step (not zoomed), so live points may be appended. */
  get showsAll(): boolean {
    return this.range === undefined
  }

  /** Fetches buckets for a step range (undefined = all) and redraws. */
  async load(range: StepRange = undefined): Promise<void> {
    this.range = range
    this.el.dataset.state = 'loading'
    const width = Math.max(100, Math.round(this.canvasBox.clientWidth || this.el.clientWidth || 600))
    this.lines = await this.source(range, width)
    this.draw()
  }

  /** Redraws with the lines held (after live points were appended). */
  redraw(): void {
    this.draw()
  }

  /** Removes the chart. */
  destroy(): void {
    this.plot?.destroy()
    this.plot = null
  }

  private draw(): void {
    if (!this.range) this.extent = stepExtent(this.lines)
    const s = this.settings
    const tables: uPlot.AlignedData[] = []
    const series: uPlot.Series[] = [{ label: s.x }]
    const bands: uPlot.Band[] = []
    let points = 0
    this.lines.forEach((line, i) => {
      const color = lineColor(i)
      const x = xs(line.data, s.x)
      const raw = clean(line.data.last, s.logY)
      const smoothed = smooth(s.smoothing, x, line.data.last, s.weight)
      const table: (number | null)[][] = [x, clean(line.data.min, s.logY), clean(line.data.max, s.logY), raw]
      if (smoothed) table.push(clean(smoothed, s.logY))
      tables.push(table as uPlot.AlignedData)
      const base = series.length
      series.push(
        {
          label: line.label + ' min',
          stroke: color + '66',
          width: 1,
          spanGaps: true,
          points: { show: false },
        },
        {
          label: line.label + ' max',
          stroke: color + '66',
          width: 1,
          spanGaps: true,
          points: { show: false },
        },
        {
          label: line.label,
          stroke: smoothed ? color + '55' : color,
          width: smoothed ? 1 : 1.5,
          spanGaps: true,
        },
      )
      if (smoothed)
        series.push({
          label: line.label + ' smoothed',
          stroke: color,
          width: 2,
          spanGaps: true,
          points: { show: false },
        })
      bands.push({ series: [base + 1, base], fill: color + '2a' })
      points += x.length
    })
    const data =
      tables.length === 1
        ? (tables[0] as uPlot.AlignedData)
        : tables.length
          ? uPlot.join(tables)
          : ([[]] as unknown as uPlot.AlignedData)
    const ignore = s.ignoreOutliers
    const opts: uPlot.Options = {
      width: Math.max(100, Math.round(this.canvasBox.clientWidth || 600)),
      height: 220,
      series,
      bands,
      legend: { show: false },
      scales: {
        x: { time: s.x === 'wall' },
        y: {
          distr: s.logY ? 3 : 1,
          range: (u, min, max) => {
            const robust = ignore && !s.logY ? robustRange(this.lines.flatMap((l) => l.data.last)) : null
            if (robust) return robust
            return s.logY ? uPlot.rangeLog(min, max, 10, true) : uPlot.rangeNum(min, max, 0.1, true)
          },
        },
      },
      axes: [
        { stroke: 'currentColor', grid: { stroke: '#8884' }, ...(s.x === 'wall' ? {} : { values: ticks }) },
        { stroke: 'currentColor', grid: { stroke: '#8884' }, size: 60, ...(s.logY ? {} : { values: ticks }) },
      ],
      cursor: {
        drag: { x: true, y: false, setScale: false },
        bind: { dblclick: () => () => (void this.load(undefined), null) },
      },
      hooks: {
        setSelect: [(u) => this.onSelect(u)],
        setCursor: [(u) => this.showValues(u.cursor.idx ?? null)],
        draw: [() => (this.el.dataset.state = 'drawn')],
      },
    }
    this.plot?.destroy()
    this.plot = new uPlot(opts, data, this.canvasBox)
    this.el.dataset.points = String(points)
    this.el.dataset.zoomed = this.range ? '1' : '0'
    this.el.dataset.range = this.range ? `${this.range.from}-${this.range.to}` : ''
    this.el.dataset.lastSteps = this.lines.map((l) => l.data.step[l.data.step.length - 1] ?? '').join(',')
    const last = this.lines[0]?.data.step
    this.el.dataset.lastStep = last?.length ? String(last[last.length - 1]) : ''
    this.showValues(null)
  }

  private onKey(e: KeyboardEvent): void {
    if (e.altKey || e.ctrlKey || e.metaKey) return
    const next = keyZoom(e.key, this.range, this.extent)
    if (!next) return
    e.preventDefault()
    void this.load(next.range)
  }

  private onSelect(u: uPlot): void {
    if (u.select.width < 3) return
    const x0 = u.posToVal(u.select.left, 'x')
    const x1 = u.posToVal(u.select.left + u.select.width, 'x')
    u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false)
    let from = Infinity
    let to = -Infinity
    for (const line of this.lines) {
      const x = xs(line.data, this.settings.x)
      x.forEach((v, i) => {
        if (v < x0 || v > x1) return
        from = Math.min(from, line.data.start[i] as number)
        to = Math.max(to, line.data.end[i] as number)
      })
    }
    if (from <= to) void this.load({ from, to })
  }

  private showValues(idx: number | null): void {
    const plot = this.plot
    this.legend.replaceChildren(
      ...this.lines.map((line, i) => {
        let text = ''
        if (plot && idx !== null) {
          const col = 3 + i * (this.settings.smoothing === 'none' ? 3 : 4)
          const v = plot.data[col]?.[idx]
          const x = plot.data[0][idx]
          if (v !== null && v !== undefined)
            text = ` ${fmt(v)} @ ${this.settings.x === 'step' ? x : fmt(x ?? NaN)}`
        } else {
          const v = line.data.last[line.data.last.length - 1]
          if (v !== undefined) text = ` last ${fmt(v)}`
        }
        return h(
          'span',
          { class: 'item' },
          h('i', { class: 'swatch', style: `background:${lineColor(i)}` }),
          line.label,
          h('b', {}, text),
        )
      }),
    )
  }
}

/** The first and last step of the lines (0-0 when they are empty). */
function stepExtent(lines: ChartLine[]): { from: number; to: number } {
  let from = Infinity
  let to = -Infinity
  for (const { data } of lines) {
    if (data.start.length) from = Math.min(from, data.start[0] as number)
    if (data.end.length) to = Math.max(to, data.end[data.end.length - 1] as number)
  }
  return from <= to ? { from, to } : { from: 0, to: 0 }
}

/**
 * An axis tick: 1.5k, 2M, 0.25, 1e-5.
 * @example compact(250000) // '250k'
 */
export function compact(v: number): string {
  const a = Math.abs(v)
  if (a >= 1e9) return +(v / 1e9).toPrecision(3) + 'G'
  if (a >= 1e6) return +(v / 1e6).toPrecision(3) + 'M'
  if (a >= 1e4) return +(v / 1e3).toPrecision(3) + 'k'
  return fmt(v)
}

function ticks(_u: uPlot, splits: (number | null)[]): string[] {
  return splits.map((v) => (v === null || v === undefined ? '' : compact(v)))
}

function fmt(v: number): string {
  if (!Number.isFinite(v)) return String(v)
  const a = Math.abs(v)
  return a !== 0 && (a < 1e-3 || a >= 1e6) ? v.toExponential(3) : String(Number(v.toPrecision(5)))
}
