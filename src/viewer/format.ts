/**
 * How values look in tables and field trees: numbers compact, dates local, sets as chips, file
 * references by name.
 */
import { num } from './api.js'

/**
 * A cell's text for a JSON value sent by the server (numbers, "NaN" strings, ISO dates, arrays, objects).
 * @example cellText(0.123456789) // '0.123457'
 */
export function cellText(value: unknown, type?: string): string {
  if (value === null || value === undefined) return ''
  if (type === 'Float' || type === 'FloatSeries' || typeof value === 'number') {
    const v = num(value)
    if (Number.isNaN(v) && typeof value === 'string' && value !== 'NaN') return value
    return numberText(v)
  }
  if (type === 'Datetime' && typeof value === 'string') return dateText(value)
  if (Array.isArray(value)) return value.map((v) => cellText(v)).join(', ')
  if (typeof value === 'object') {
    const o = value as { name?: unknown; path?: unknown }
    if (typeof o.name === 'string') return o.name
    return JSON.stringify(value)
  }
  return String(value)
}

/**
 * A number with at most 6 significant digits; exponents for the very small and very large.
 * @example numberText(1234567) // '1.23457e+6'
 */
export function numberText(v: number): string {
  if (!Number.isFinite(v)) return String(v)
  if (Number.isInteger(v) && Math.abs(v) < 1e15) return String(v)
  const a = Math.abs(v)
  if (a !== 0 && (a < 1e-4 || a >= 1e6)) return v.toExponential(5).replace(/\.?0+e/, 'e')
  return String(Number(v.toPrecision(6)))
}

/**
 * An ISO date as local `YYYY-MM-DD HH:MM:SS`.
 * @example dateText('2024-01-01T00:00:00Z')
 */
export function dateText(iso: string): string {
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  const p = (n: number): string => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`
}

/**
 * Bytes as B / KB / MB / GB.
 * @example bytesText(2048) // '2.0 KB'
 */
export function bytesText(n: number): string {
  if (!Number.isFinite(n)) return ''
  const units = ['B', 'KB', 'MB', 'GB', 'TB']
  let i = 0
  while (n >= 1024 && i < units.length - 1) {
    n /= 1024
    i++
  }
  return i === 0 ? `${n} B` : `${n.toFixed(1)} ${units[i]}`
}
