/**
 * What one Summary.Value holds, as Nereid sees it: a number (simple_value, or a rank-0 float/double/int
 * tensor), a text (a DT_STRING tensor of the text plugin), an image (PNG bytes), a histogram (a legacy
 * HistogramProto or a TF2 `histograms` tensor, see histograms.ts), or nothing Nereid imports.
 *
 * @example
 * valueOf(value)   // { kind: 'number', value: 0.25 }
 */
import type { Histogram } from '../../index.js'
import { fromHistogramProto, fromHistogramTensor, type Converted } from './histograms.js'
import { DT, type ValueMessage } from './protos.js'

/** The decoded content of a value. */
export type TbValue =
  | { kind: 'number'; value: number }
  | { kind: 'text'; value: string }
  | { kind: 'image'; bytes: Uint8Array }
  | { kind: 'histogram'; histogram: Histogram }
  | { kind: 'other'; what: string }

const has = (o: object | undefined, key: string) =>
  o !== undefined && Object.prototype.hasOwnProperty.call(o, key)

function num(v: unknown): number {
  return typeof v === 'object' && v !== null && 'toNumber' in v
    ? (v as { toNumber(): number }).toNumber()
    : Number(v)
}

function scalarTensor(t: NonNullable<ValueMessage['tensor']>): number | undefined {
  const dims = t.tensorShape?.dim ?? []
  if (dims.some((d) => num(d.size) !== 1)) return undefined
  const content = t.tensorContent && t.tensorContent.length > 0 ? t.tensorContent : undefined
  const view = content ? new DataView(content.buffer, content.byteOffset, content.byteLength) : undefined
  switch (t.dtype) {
    case DT.FLOAT:
      return view ? view.getFloat32(0, true) : t.floatVal?.[0]
    case DT.DOUBLE:
      return view ? view.getFloat64(0, true) : t.doubleVal?.[0]
    case DT.INT32:
      return view ? view.getInt32(0, true) : t.intVal?.[0]
    case DT.INT64:
      return view
        ? Number(view.getBigInt64(0, true))
        : t.int64Val?.[0] === undefined
          ? undefined
          : num(t.int64Val[0])
    default:
      return undefined
  }
}

function histogram(converted: Converted): TbValue {
  return 'histogram' in converted
    ? { kind: 'histogram', histogram: converted.histogram }
    : { kind: 'other', what: converted.reason }
}

/** The content of `value`. */
export function valueOf(value: ValueMessage): TbValue {
  const plugin = value.metadata?.pluginData?.pluginName ?? ''
  if (has(value, 'simpleValue')) return { kind: 'number', value: value.simpleValue! } // float32, widened exactly
  if (has(value, 'image') && value.image?.encodedImageString)
    return { kind: 'image', bytes: value.image.encodedImageString }
  if (has(value, 'histo')) return histogram(fromHistogramProto(value.histo!))
  if (has(value, 'tensor')) {
    const t = value.tensor!
    if (plugin === 'histograms') return histogram(fromHistogramTensor(t))
    if (t.dtype === DT.STRING && (plugin === 'text' || plugin === '') && t.stringVal?.length)
      return { kind: 'text', value: Buffer.from(t.stringVal[0]!).toString('utf8') }
    if (plugin === '' || plugin === 'scalars') {
      const n = scalarTensor(t)
      if (n !== undefined) return { kind: 'number', value: n }
    }
    return { kind: 'other', what: `a ${plugin || 'tensor'} tensor (dtype ${t.dtype ?? 0})` }
  }
  return { kind: 'other', what: plugin ? `plugin '${plugin}' data` : 'an empty value' }
}
