/**
 * Captures the lines a process prints to stdout or stderr into a string series, without changing what is
 * printed: the stream's `write` is wrapped, the original still writes every byte. A partial line waits
 * for its newline (or for stop()).
 *
 * @example
 * const stop = captureStream(process.stdout, (line) => run.field('monitoring/ab12cd34/stdout').append(line))
 * stop()
 */

/** Receives one captured line. */
export type LineSink = (line: string) => void

/** Tees `stream`'s writes into `sink`, line by line; returns the function that stops capturing. */
export function captureStream(stream: NodeJS.WriteStream, sink: LineSink): () => void {
  const original = stream.write
  let partial = ''
  let inside = false // a sink that prints (a warning) must not be captured again
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
    if (!inside) {
      inside = true
      try {
        emit(typeof chunk === 'string' ? chunk : Buffer.isBuffer(chunk) || chunk instanceof Uint8Array ? Buffer.from(chunk).toString('utf8') : String(chunk))
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
    if (stream.write === wrapped) stream.write = original
    if (partial.length > 0) {
      const line = partial
      partial = ''
      try {
        sink(line)
      } catch {
        // ignored as above
      }
    }
  }
}
