/**
 * Files of a run: File and FileSet fields as download links, and a FileSeries as an image gallery with
 * a step slider (the image of the chosen step, and the steps around it as thumbnails).
 */
import { getJson, objectUrl, projectPath } from '../api.js'
import { h } from '../dom.js'
import { bytesText } from '../format.js'

interface FileInfo {
  hash: string
  name?: string
  path?: string
  size: number
  mime: string
}

interface SeriesEntry extends FileInfo {
  step: number
  kept: boolean
}

/**
 * Download links of a File or FileSet field.
 * @example section.append(fileLinks('demo', 'DEMO-1', 'model/weights'))
 */
export function fileLinks(project: string, run: string, path: string): HTMLElement {
  const list = h('ul', { class: 'files' })
  const link = (f: FileInfo): HTMLElement => {
    const name = f.name ?? f.path ?? f.hash.slice(0, 12)
    return h(
      'li',
      {},
      h('a', { href: objectUrl(project, f.hash, name), download: name.split('/').pop() }, name),
      h('small', {}, ` ${bytesText(f.size)} · ${f.mime}`),
    )
  }
  void getJson<{ type: string; file?: FileInfo; items?: FileInfo[] }>(
    projectPath(project, 'runs', run, 'files'),
    { path },
  ).then((reply) => {
    list.replaceChildren(...(reply.file ? [link(reply.file)] : (reply.items ?? []).map(link)))
  })
  return h('section', { class: 'card file', 'data-path': path }, h('h3', {}, path), list)
}

/**
 * The gallery of a FileSeries: a slider over its entries, the chosen image large, neighbours small.
 * @example section.append(fileGallery('demo', 'DEMO-1', 'samples/predictions'))
 */
export function fileGallery(project: string, run: string, path: string): HTMLElement {
  const big = h('figure', { class: 'gallery-main' })
  const strip = h('div', { class: 'gallery-strip' })
  const slider = h('input', { type: 'range', min: 0, max: 0, value: 0, 'aria-label': `step of ${path}` })
  const label = h('output', {})
  let entries: SeriesEntry[] = []
  const isImage = (e: SeriesEntry): boolean => e.mime.startsWith('image/')
  const show = (i: number): void => {
    const e = entries[i]
    if (!e) return
    label.textContent = `step ${e.step} (${i + 1} of ${entries.length})`
    const name = e.name ?? `step-${e.step}`
    big.replaceChildren(
      !e.kept
        ? h('p', { class: 'hint' }, 'released (not kept)')
        : isImage(e)
          ? h('img', { src: objectUrl(project, e.hash, name), alt: `${path} at step ${e.step}` })
          : h('a', { href: objectUrl(project, e.hash, name), download: name }, name),
      h('figcaption', {}, `${name} · ${bytesText(e.size)}`),
    )
    const around = entries.slice(Math.max(0, i - 4), i + 5)
    strip.replaceChildren(
      ...around
        .filter((a) => a.kept && isImage(a))
        .map((a) =>
          h(
            'button',
            {
              class: a === e ? 'thumb active' : 'thumb',
              title: `step ${a.step}`,
              onclick: () => ((slider.value = String(entries.indexOf(a))), show(entries.indexOf(a))),
            },
            h('img', { src: objectUrl(project, a.hash, a.name), alt: `step ${a.step}`, loading: 'lazy' }),
          ),
        ),
    )
  }
  slider.addEventListener('input', () => show(Number(slider.value)))
  void getJson<{ total: number; items: SeriesEntry[] }>(projectPath(project, 'runs', run, 'files'), {
    path,
    limit: 1000,
  }).then((reply) => {
    entries = reply.items
    slider.max = String(Math.max(0, entries.length - 1))
    slider.value = slider.max
    show(entries.length - 1)
  })
  return h(
    'section',
    { class: 'card gallery', 'data-path': path },
    h('h3', {}, path),
    h('div', { class: 'toolbar' }, slider, label),
    big,
    strip,
  )
}
