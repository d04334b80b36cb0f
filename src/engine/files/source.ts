/**
 * The content a file method is given: a path (a string) or bytes (a Buffer or any Uint8Array). Puts it
 * into the project's object store and says what it was called.
 *
 * @example
 * const { hash, size, name } = await putInput(run, 'weights.pt', undefined)
 * await putInput(run, Buffer.from('{}'), 'config.json')
 */
import { basename, resolve } from 'node:path'
import { InvalidValueError } from '../errors.js'
import type { PutResult } from '../objects/store.js'
import { objectsOf, type FileHost } from './host.js'
import { safeName } from './safe-paths.js'

/** A file given by path, or its content. */
export type FileInput = string | Uint8Array

/** What a put stored, and the name to record. */
export interface PutInput extends PutResult {
  name: string
}

/** Throws unless `input` is a path or bytes. */
export function checkInput(input: unknown, method: string): asserts input is FileInput {
  if (typeof input === 'string' ? input.length > 0 : input instanceof Uint8Array) return
  throw new InvalidValueError(
    'INVALID_FILE_INPUT',
    `${method}() takes a file path or a Buffer, got ${input === null ? 'null' : typeof input}`,
    {
      hint: "Pass a path such as 'out/weights.pt', or the bytes as a Buffer (Buffer.from(text) for text).",
    },
  )
}

/**
 * Stores `input` in `host`'s object store. `name` overrides the recorded name (default: the path's last
 * segment, or `fallbackName` for bytes).
 */
export async function putInput(
  host: FileHost,
  input: FileInput,
  name: string | undefined,
  fallbackName = 'file',
): Promise<PutInput> {
  const store = objectsOf(host)
  if (typeof input !== 'string') {
    return { ...(await store.putBytes(input)), name: safeName(name ?? fallbackName) }
  }
  const path = resolve(input)
  return { ...(await store.putFile(path)), name: safeName(name ?? basename(path)) }
}
