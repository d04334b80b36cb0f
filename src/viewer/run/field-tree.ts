/**
 * The field tree of a run: namespaces as collapsible groups, each field with its type and value
 * (series: the last value; files: the name).
 */
import { h } from '../dom.js'
import { cellText } from '../format.js'

/** One field as GET …/fields sends it. */
export interface FieldItem {
  path: string
  type: string
  value: unknown
}

interface Node {
  fields: FieldItem[]
  children: Map<string, Node>
}

function build(items: FieldItem[]): Node {
  const root: Node = { fields: [], children: new Map() }
  for (const item of items) {
    const parts = item.path.split('/')
    let node = root
    for (const part of parts.slice(0, -1)) {
      let next = node.children.get(part)
      if (!next) node.children.set(part, (next = { fields: [], children: new Map() }))
      node = next
    }
    node.fields.push(item)
  }
  return root
}

function render(node: Node, depth: number): HTMLElement[] {
  const out: HTMLElement[] = []
  for (const [name, child] of node.children) {
    out.push(
      h(
        'details',
        { open: depth < 1 },
        h('summary', {}, name + '/'),
        h('div', { class: 'tree-body' }, ...render(child, depth + 1)),
      ),
    )
  }
  if (node.fields.length)
    out.push(
      h(
        'dl',
        { class: 'tree-fields' },
        ...node.fields.flatMap((f) => [
          h('dt', { title: f.path }, f.path.split('/').pop() ?? f.path, h('small', {}, ' ' + f.type)),
          h('dd', {}, cellText(f.value, f.type)),
        ]),
      ),
    )
  return out
}

/**
 * The tree element of a run's fields.
 * @example section.append(fieldTree(items.filter((f) => !f.path.startsWith('sys/'))))
 */
export function fieldTree(items: FieldItem[]): HTMLElement {
  return h('div', { class: 'tree' }, ...render(build(items), 0))
}
