/**
 * The few TensorBoard protos an importer needs, declared with protobufjs from the public .proto field
 * numbers (tensorboard/compat/proto/event.proto, summary.proto, tensor.proto, tensor_shape.proto):
 * Event, Summary, Summary.Value, Summary.Image, SummaryMetadata, TensorProto, HistogramProto.
 *
 * @example
 * const event = Event.decode(record) as unknown as EventMessage
 */
import protobuf from 'protobufjs'

const root = protobuf.Root.fromJSON({
  nested: {
    tb: {
      nested: {
        Event: {
          fields: {
            wallTime: { type: 'double', id: 1 },
            step: { type: 'int64', id: 2 },
            fileVersion: { type: 'string', id: 3 },
            summary: { type: 'Summary', id: 5 },
          },
        },
        Summary: {
          fields: { value: { rule: 'repeated', type: 'Value', id: 1 } },
          nested: {
            Image: {
              fields: {
                height: { type: 'int32', id: 1 },
                width: { type: 'int32', id: 2 },
                colorspace: { type: 'int32', id: 3 },
                encodedImageString: { type: 'bytes', id: 4 },
              },
            },
            Value: {
              fields: {
                tag: { type: 'string', id: 1 },
                simpleValue: { type: 'float', id: 2 },
                image: { type: 'Image', id: 4 },
                histo: { type: 'HistogramProto', id: 5 },
                tensor: { type: 'TensorProto', id: 8 },
                metadata: { type: 'SummaryMetadata', id: 9 },
              },
            },
          },
        },
        SummaryMetadata: {
          fields: {
            pluginData: { type: 'PluginData', id: 1 },
            displayName: { type: 'string', id: 2 },
            dataClass: { type: 'int32', id: 4 },
          },
          nested: {
            PluginData: {
              fields: { pluginName: { type: 'string', id: 1 }, content: { type: 'bytes', id: 2 } },
            },
          },
        },
        TensorShapeProto: {
          fields: { dim: { rule: 'repeated', type: 'Dim', id: 2 } },
          nested: { Dim: { fields: { size: { type: 'int64', id: 1 } } } },
        },
        TensorProto: {
          fields: {
            dtype: { type: 'int32', id: 1 },
            tensorShape: { type: 'TensorShapeProto', id: 2 },
            tensorContent: { type: 'bytes', id: 4 },
            floatVal: { rule: 'repeated', type: 'float', id: 5 },
            doubleVal: { rule: 'repeated', type: 'double', id: 6 },
            intVal: { rule: 'repeated', type: 'int32', id: 7 },
            stringVal: { rule: 'repeated', type: 'bytes', id: 8 },
            int64Val: { rule: 'repeated', type: 'int64', id: 10 },
          },
        },
        HistogramProto: {
          fields: {
            min: { type: 'double', id: 1 },
            max: { type: 'double', id: 2 },
            num: { type: 'double', id: 3 },
            sum: { type: 'double', id: 4 },
            sumSquares: { type: 'double', id: 5 },
            bucketLimit: { rule: 'repeated', type: 'double', id: 6, options: { packed: true } },
            bucket: { rule: 'repeated', type: 'double', id: 7, options: { packed: true } },
          },
        },
      },
    },
  },
})

/** The message types. */
export const Event = root.lookupType('tb.Event')
export const Summary = root.lookupType('tb.Summary')
export const TensorProto = root.lookupType('tb.TensorProto')

/** TensorFlow dtypes the importer reads. */
export const DT = { FLOAT: 1, DOUBLE: 2, INT32: 3, STRING: 7, INT64: 9 } as const

/** A decoded Summary.Value (fields absent when unset). */
export interface ValueMessage {
  tag?: string
  simpleValue?: number
  image?: { encodedImageString?: Uint8Array; height?: number; width?: number }
  histo?: {
    min?: number
    max?: number
    num?: number
    sum?: number
    sumSquares?: number
    bucketLimit?: number[]
    bucket?: number[]
  }
  tensor?: {
    dtype?: number
    tensorShape?: { dim?: { size?: number | bigint }[] }
    tensorContent?: Uint8Array
    floatVal?: number[]
    doubleVal?: number[]
    intVal?: number[]
    stringVal?: Uint8Array[]
    int64Val?: (number | bigint)[]
  }
  metadata?: { pluginData?: { pluginName?: string } }
}

/** A decoded Event. */
export interface EventMessage {
  wallTime?: number
  step?: number | bigint | { toNumber(): number }
  fileVersion?: string
  summary?: { value?: ValueMessage[] }
}
