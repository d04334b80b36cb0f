/**
 * The chart toolbar of a view: x axis, log y, smoothing and its weight, ignore outliers. Every change
 * goes into the URL, so the view re-renders with the new settings and back undoes it.
 */
import { h } from '../dom.js'
import { setParams } from '../route.js'
import type { ChartSettings } from './settings.js'

function option(value: string, label: string, selected: boolean): HTMLOptionElement {
  return h('option', { value, selected }, label)
}

/**
 * The toolbar element for the given settings.
 * @example view.append(chartControls(chartSettings(route.params)))
 */
export function chartControls(s: ChartSettings): HTMLElement {
  const x = h(
    'select',
    { 'aria-label': 'x axis', onchange: (e: Event) => setParams({ x: (e.target as HTMLSelectElement).value === 'step' ? undefined : (e.target as HTMLSelectElement).value }) },
    option('step', 'step', s.x === 'step'),
    option('relative', 'relative time', s.x === 'relative'),
    option('wall', 'wall time', s.x === 'wall'),
  )
  const method = h(
    'select',
    { 'aria-label': 'smoothing', onchange: (e: Event) => setParams({ smooth: (e.target as HTMLSelectElement).value === 'none' ? undefined : (e.target as HTMLSelectElement).value }) },
    option('none', 'no smoothing', s.smoothing === 'none'),
    option('ema', 'EMA (debiased)', s.smoothing === 'ema'),
    option('twema', 'time-weighted EMA', s.smoothing === 'twema'),
    option('mean', 'running mean', s.smoothing === 'mean'),
  )
  const weight = h('input', {
    type: 'range', min: 0, max: 0.99, step: 0.01, value: s.weight, 'aria-label': 'smoothing weight', disabled: s.smoothing === 'none',
    onchange: (e: Event) => setParams({ w: (e.target as HTMLInputElement).value }),
  })
  const check = (label: string, key: string, on: boolean): HTMLElement =>
    h('label', {}, h('input', { type: 'checkbox', checked: on, onchange: (e: Event) => setParams({ [key]: (e.target as HTMLInputElement).checked ? '1' : undefined }) }), ' ' + label)
  return h(
    'div',
    { class: 'toolbar chart-controls' },
    h('label', {}, 'x ', x),
    check('log y', 'log', s.logY),
    h('label', {}, method),
    h('label', { class: 'weight' }, weight, h('output', {}, s.weight.toFixed(2))),
    check('ignore outliers', 'outliers', s.ignoreOutliers),
    h('span', { class: 'hint' }, 'drag to zoom · double-click to reset'),
  )
}
