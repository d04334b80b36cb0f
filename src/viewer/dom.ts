/**
 * A tiny DOM builder: `h('a', { href: '#/' }, 'home')` makes elements without a framework.
 */

type Child = Node | string | number | null | undefined | false
type Attrs = Record<string, string | number | boolean | null | undefined | EventListener>

/**
 * Makes an element with attributes (on* keys become listeners; false/null are left out; `style` goes
 * through the CSSOM, which the server's Content-Security-Policy allows) and children.
 * @example h('button', { class: 'primary', onclick: () => go() }, 'Compare')
 */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag)
  for (const [key, value] of Object.entries(attrs)) {
    if (value === false || value === null || value === undefined) continue
    if (typeof value === 'function') el.addEventListener(key.slice(2), value)
    else if (key === 'style') el.style.cssText = String(value)
    else if (value === true) el.setAttribute(key, '')
    else el.setAttribute(key, String(value))
  }
  append(el, children)
  return el
}

/**
 * Appends children, skipping empty ones.
 * @example append(list, [h('li', {}, 'a'), null])
 */
export function append(el: Node, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue
    el.appendChild(typeof child === 'object' ? child : document.createTextNode(String(child)))
  }
}

/**
 * Removes every child of an element.
 * @example clear(document.getElementById('app')!)
 */
export function clear(el: Element): void {
  while (el.firstChild) el.removeChild(el.firstChild)
}
