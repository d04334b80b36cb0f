/**
 * Captures the lines a process prints to stdout or stderr into a string series, without changing what is
 * printed: the stream's `write` is wrapped, the original still writes every byte. A partial line waits
 * for its newline (or for stop()).
 *
 * @example
 * const stop = captureStream(process.stdout, (line) => run.field('monitoring/ab12cd34/stdout').append(line))
 * stop()
 */
import { StringDecoder } from 'node:string_decoder'

/** Receives one captured line. */
export type LineSink = (line: string) => void

/** The bytes a `write(chunk, encoding?)` call puts on the stream. */
function bytesOf(chunk: unknown, encoding: unknown): Buffer {
  if (typeof chunk === 'string')
    return Buffer.from(chunk, typeof encoding === 'string' && Buffer.isEncoding(encoding) ? encoding : 'utf8')
  if (chunk instanceof Uint8Array) return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)
  return Buffer.from(String(chunk), 'utf8')
}

/** Tees `stream`'s writes into `sink`, line by line; returns the function that stops capturing. */
export function captureStream(stream: NodeJS.WriteStream, sink: LineSink): () => void {
  const original = stream.write
  // Lines are cut from the bytes written, decoded as UTF-8 across writes: a character split over two
  // writes (a Buffer cut anywhere) and text written in another encoding ('hex', 'base64') read back as
  // the terminal shows them.
  const decoder = new StringDecoder('utf8')
  let partial = ''
  let inside = false // a sink that prints (a warning) must not be captured again
  let stopped = false // a capture stopped while another wraps it stays in the chain; it then only passes writes on
  const emit = (text: string): void => {
    partial += text
    let newline = partial.indexOf('\n')
    while (newline !== -1) {
      const line = partial.slice(0, newline).replace(/\r$/, '')
      partial = partial.slice(newline + 1)
      sink(line)
      newline = partial.indexOf('\n')
    }
  }
  const wrapped = function (this: NodeJS.WriteStream, chunk: unknown, ...rest: unknown[]): boolean {
    if (!inside && !stopped) {
      inside = true
      try {
        emit(decoder.write(bytesOf(chunk, rest[0])))
      } catch {
        // capture must never break printing
      } finally {
        inside = false
      }
    }
    return (original as (...args: unknown[]) => boolean).call(this, chunk, ...rest)
  }
  stream.write = wrapped as typeof stream.write
  return () => {
    if (stopped) return
    stopped = true
    if (stream.write === wrapped) stream.write = original
    partial += decoder.end()
    if (partial.length > 0) {
      const line = partial.replace(/\r$/, '')
      partial = ''
      try {
        sink(line)
      } catch {
        // ignored as above
      }
    }
  }
}
