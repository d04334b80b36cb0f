/**
 * Checking one complete oplog line: the header of a file, or an operation of format version 1. A line
 * that is not JSON (garbage, a block of zero bytes left by a client crash), an operation Nereid does not
 * know, or one with missing or mistyped members is refused with a reason; the merge skips and reports it.
 *
 * @example
 * parseOp('{"seq":3,"op":"close","run":"…"}')   // { line: { seq: 3, op: 'close', run: '…' } }
 * parseOp('\u0000\u0000')                         // { reason: 'zero-filled block' }
 */
import { OPLOG_FORMAT, OPLOG_VERSION, type OplogHeader, type OplogLine } from '../format.js'

/** A checked operation, or why the line was refused (with its seq and run when they could be read). */
export type Parsed = { line: OplogLine } | { reason: string; seq?: number; run?: string }

const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string')
const isNumbers = (v: unknown): v is number[] =>
  Array.isArray(v) && v.every((x) => typeof x === 'number' && Number.isFinite(x))
const isFloats = (v: unknown): boolean =>
  Array.isArray(v) &&
  v.every((x) => typeof x === 'number' || x === 'NaN' || x === 'Infinity' || x === '-Infinity' || x === '-0')

const isHistograms = (v: unknown): boolean =>
  Array.isArray(v) &&
  v.every(
    (h) =>
      typeof h === 'object' &&
      h !== null &&
      typeof (h as Record<string, unknown>).type === 'string' &&
      isFloats((h as Record<string, unknown>).edges) &&
      isFloats((h as Record<string, unknown>).values),
  )

function json(text: string): { value?: Record<string, unknown>; reason?: string } {
  if (/^\u0000+$/.test(text)) return { reason: 'zero-filled block' }
  try {
    const value: unknown = JSON.parse(text)
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      return { reason: 'not a JSON object' }
    return { value: value as Record<string, unknown> }
  } catch {
    return { reason: text.includes('\u0000') ? 'zero-filled block' : 'not JSON' }
  }
}

/** The header of an oplog file, or why it is not one Nereid can merge. */
export function parseHeader(text: string): { header: OplogHeader } | { reason: string } {
  const { value, reason } = json(text)
  if (!value) return { reason: `header ${reason}` }
  if (value.format !== OPLOG_FORMAT) return { reason: 'not a nereid-oplog file' }
  if (typeof value.version !== 'number' || !Number.isInteger(value.version))
    return { reason: 'header without a version' }
  if (value.version > OPLOG_VERSION)
    return {
      reason: `format version ${value.version} is newer than ${OPLOG_VERSION}: upgrade Nereid to merge it`,
    }
  if (typeof value.writer !== 'string' || value.writer.length === 0 || value.writer.length > 200)
    return { reason: 'header without a writer' }
  return { header: value as unknown as OplogHeader }
}

function missing(v: Record<string, unknown>): string | undefined {
  const str = (k: string): boolean => typeof v[k] === 'string'
  switch (v.op) {
    case 'run':
      return typeof v.sys === 'object' && v.sys !== null ? undefined : 'sys'
    case 'assign':
      return !str('path') ? 'path' : !str('type') ? 'type' : 'value' in v ? undefined : 'value'
    case 'floats':
    case 'strings':
    case 'histograms': {
      if (!str('path')) return 'path'
      const values = v.values as unknown[]
      const valid = v.op === 'floats' ? isFloats : v.op === 'strings' ? isStrings : isHistograms
      if (!valid(values)) return 'values'
      if (!isNumbers(v.steps) || v.steps.length !== values.length) return 'steps'
      return isNumbers(v.timestamps) && v.timestamps.length === values.length ? undefined : 'timestamps'
    }
    case 'file':
      return !str('path')
        ? 'path'
        : typeof v.hash === 'string' && /^[0-9a-f]{64}$/.test(v.hash)
          ? undefined
          : 'hash'
    case 'set':
      return !str('path')
        ? 'path'
        : !isStrings(v.add ?? [])
          ? 'add'
          : isStrings(v.remove ?? [])
            ? undefined
            : 'remove'
    case 'close':
      return undefined
  }
  return undefined
}

/** Checks an operation line. */
export function parseOp(text: string): Parsed {
  const { value, reason } = json(text)
  if (!value) return { reason: reason ?? 'not JSON' }
  const seq =
    typeof value.seq === 'number' && Number.isSafeInteger(value.seq) && value.seq > 0 ? value.seq : undefined
  const run = typeof value.run === 'string' ? value.run : undefined
  if (seq === undefined) return { reason: 'no positive integer seq', run }
  if (typeof value.v === 'number' && value.v > OPLOG_VERSION)
    return { reason: `operation of format version ${value.v}`, seq, run }
  if (
    !['run', 'assign', 'floats', 'strings', 'histograms', 'file', 'set', 'close', 'end'].includes(
      value.op as string,
    )
  )
    return { reason: `unknown op ${JSON.stringify(value.op)}`, seq, run }
  if (value.op === 'end') return { line: { seq, op: 'end' } }
  if (run === undefined) return { reason: `${String(value.op)} without a run`, seq }
  const bad = missing(value)
  if (bad) return { reason: `${String(value.op)} with a missing or invalid '${bad}'`, seq, run }
  return { line: value as unknown as OplogLine }
}
