/**
 * The column picker: every field path seen across the project's runs (parameters, sys fields, series),
 * with min/max aggregates offered for float series, filtered by a search box; Apply puts the choice in
 * the URL.
 */
import { h } from '../dom.js'

/** A field path and its type (GET /columns). */
export interface ColumnInfo {
  path: string
  type: string
}

/**
 * The picker's panel; `apply` gets the chosen column list in display order.
 * @example root.append(columnPicker(all, chosen, (cols) => setParams({ cols: cols.join(',') })))
 */
export function columnPicker(
  all: ColumnInfo[],
  chosen: string[],
  apply: (columns: string[]) => void,
): HTMLElement {
  const picked = new Set(chosen)
  const options: { path: string; label: string }[] = []
  for (const c of all) {
    if (c.path === 'sys/id') continue
    options.push({ path: c.path, label: `${c.path} · ${c.type}` })
    if (c.type === 'FloatSeries')
      for (const agg of ['min', 'max']) options.push({ path: `${c.path}:${agg}`, label: `${c.path}:${agg}` })
  }
  const list = h('div', { class: 'picker-list', role: 'group', 'aria-label': 'columns' })
  const draw = (filter: string): void => {
    const f = filter.toLowerCase()
    list.replaceChildren(
      ...options
        .filter((o) => o.label.toLowerCase().includes(f))
        .slice(0, 500)
        .map((o) =>
          h(
            'label',
            {},
            h('input', {
              type: 'checkbox',
              value: o.path,
              checked: picked.has(o.path),
              onchange: (e: Event) =>
                (e.target as HTMLInputElement).checked ? picked.add(o.path) : picked.delete(o.path),
            }),
            ' ' + o.label,
          ),
        ),
    )
  }
  draw('')
  const search = h('input', {
    type: 'search',
    placeholder: 'filter fields',
    'aria-label': 'filter fields',
    oninput: (e: Event) => draw((e.target as HTMLInputElement).value),
  })
  const ordered = (): string[] => [
    ...chosen.filter((c) => picked.has(c)),
    ...options.map((o) => o.path).filter((p) => picked.has(p) && !chosen.includes(p)),
  ]
  return h(
    'div',
    { class: 'picker', role: 'dialog', 'aria-label': 'Choose columns' },
    search,
    list,
    h(
      'div',
      { class: 'toolbar' },
      h('button', { class: 'primary', onclick: () => apply(ordered()) }, 'Apply'),
      h('span', { class: 'hint' }, `${options.length} fields`),
    ),
  )
}
