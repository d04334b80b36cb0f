/**
 * Table cells of the runs table: the id links to the run page, state shows as a badge (running,
 * stale, failed), tags as chips, everything else as text.
 */
import { h } from '../dom.js'
import { cellText } from '../format.js'
import { routeHash } from '../route.js'

/** A row as the server sends it: column path -> JSON value. */
export type Row = Record<string, unknown>

/** A run whose heartbeat is older than this is stale (as the engine's STALE_AFTER_MS). */
const STALE_AFTER_MS = 30_000

/**
 * The state badge of a row: running, stale (running without a heartbeat), failed or idle.
 * @example stateBadge({ 'sys/state': 'running', 'sys/ping_time': new Date().toISOString() })
 */
export function stateBadge(row: Row): HTMLElement {
  const state = String(row['sys/state'] ?? 'idle')
  const ping = Date.parse(String(row['sys/ping_time'] ?? ''))
  const stale = state === 'running' && Number.isFinite(ping) && ping < Date.now() - STALE_AFTER_MS
  const failed = row['sys/failed'] === true
  const label = failed ? 'failed' : stale ? 'stale' : state
  return h('span', { class: 'badge ' + label }, label)
}

/**
 * The content of one cell.
 * @example cell('demo', 'sys/tags', 'StringSet', row)
 */
export function cell(project: string, path: string, type: string, row: Row): Node {
  const value = row[path]
  if (path === 'sys/id')
    return h('a', { href: routeHash(['p', project, 'run', String(value)]) }, String(value))
  if (path === 'sys/state') return stateBadge(row)
  if (Array.isArray(value))
    return h('span', { class: 'chips' }, ...value.map((t) => h('span', { class: 'chip' }, String(t))))
  return document.createTextNode(cellText(value, type))
}
