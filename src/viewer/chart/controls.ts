/**
 * The chart toolbar of a view: x axis, log y, smoothing and its weight, ignore outliers. Every change
 * goes into the URL, so the view re-renders with the new settings and back undoes it.
 */
import { h } from '../dom.js'
import { setParams } from '../route.js'
import type { ChartSettings } from './settings.js'

/** A select whose choice goes into the URL parameter `key` (the first option, the default, removes it). */
function choice(label: string, key: string, current: string, options: [string, string][]): HTMLSelectElement {
  const fallback = options[0]?.[0]
  return h(
    'select',
    {
      'aria-label': label,
      onchange: (e: Event) =>
        setParams({
          [key]:
            (e.target as HTMLSelectElement).value === fallback
              ? undefined
              : (e.target as HTMLSelectElement).value,
        }),
    },
    ...options.map(([value, text]) => h('option', { value, selected: value === current }, text)),
  )
}

/**
 * The toolbar element for the given settings.
 * @example view.append(chartControls(chartSettings(route.params)))
 */
export function chartControls(s: ChartSettings): HTMLElement {
  const x = choice('x axis', 'x', s.x, [
    ['step', 'step'],
    ['relative', 'relative time'],
    ['wall', 'wall time'],
  ])
  const method = choice('smoothing', 'smooth', s.smoothing, [
    ['none', 'no smoothing'],
    ['ema', 'EMA (debiased)'],
    ['twema', 'time-weighted EMA'],
    ['mean', 'running mean'],
  ])
  const weight = h('input', {
    type: 'range',
    min: 0,
    max: 0.99,
    step: 0.01,
    value: s.weight,
    'aria-label': 'smoothing weight',
    disabled: s.smoothing === 'none',
    onchange: (e: Event) => setParams({ w: (e.target as HTMLInputElement).value }),
  })
  const check = (label: string, key: string, on: boolean): HTMLElement =>
    h(
      'label',
      {},
      h('input', {
        type: 'checkbox',
        checked: on,
        onchange: (e: Event) =>
          setParams({ [key]: (e.target as HTMLInputElement).checked ? '1' : undefined }),
      }),
      ' ' + label,
    )
  return h(
    'div',
    { class: 'toolbar chart-controls' },
    h('label', {}, 'x ', x),
    check('log y', 'log', s.logY),
    h('label', {}, method),
    h('label', { class: 'weight' }, weight, h('output', {}, s.weight.toFixed(2))),
    check('ignore outliers', 'outliers', s.ignoreOutliers),
    h('span', { class: 'hint' }, 'drag to zoom · double-click to reset · focused chart: + − ← → 0'),
  )
}
