/**
 * CSV download of what the runs table shows: the same query, columns and order, every row (fetched
 * page by page), RFC 4180 quoting.
 */
import { getJson, projectPath } from '../api.js'
import type { Row } from './cells.js'

/**
 * One CSV cell: numbers and booleans as is, arrays and objects as JSON, quoted when needed.
 * @example csvField('a,b') // '"a,b"'
 */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return ''
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value)
  return /[",\r\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text
}

/**
 * Fetches every row of the table and offers it as `<project>-runs.csv`.
 * @example await downloadCsv('demo', { query: '', columns: 'sys/name', sort: '', order: '' }, ['sys/id', 'sys/name'])
 */
export async function downloadCsv(
  project: string,
  params: Record<string, string>,
  paths: string[],
): Promise<void> {
  const lines = [paths.map(csvField).join(',')]
  for (let offset = 0; ; offset += 1000) {
    const page = await getJson<{ total: number; items: Row[] }>(projectPath(project, 'runs'), {
      ...params,
      limit: 1000,
      offset,
    })
    for (const row of page.items) lines.push(paths.map((p) => csvField(row[p])).join(','))
    if (offset + 1000 >= page.total || page.items.length === 0) break
  }
  const url = URL.createObjectURL(new Blob([lines.join('\r\n') + '\r\n'], { type: 'text/csv' }))
  const a = document.createElement('a')
  a.href = url
  a.download = `${project}-runs.csv`
  a.click()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}
