/**
 * Names on disk, made as the neptune-exporter makes them, so that tools which find a run's parts or files
 * by name find Nereid's: `sanitizePathPart` is the exporter's `utils.py::sanitize_path_part` (every
 * character that is not a letter, digit, `_` or `-` becomes `_`, then `-` and a 16-hex blake2b digest of
 * the original), and `sanitizeFilePart` is neptune-query's per-segment rule for downloaded files
 * (`[^\w-]` -> `_`, a digest only past 255 characters).
 *
 * @example
 * sanitizePathPart('org/project')   // 'org_project-ea8dfac2f8d8c39c'
 * sanitizeFilePart('step 1.5')      // 'step_1_5'
 */
import blake from 'blakejs'

const OTHER = /[^\p{L}\p{N}_-]/gu
const MAX_FILE_PART = 255

/** blake2b with an 8-byte digest (not a truncated blake2b-512: the digest size is hashed in), as hex. */
function digest8(text: string): string {
  return blake.blake2bHex(Buffer.from(text, 'utf8'), undefined, 8)
}

/** The exporter's directory / file-name stem for a project or run id. */
export function sanitizePathPart(text: string): string {
  return `${text.replace(OTHER, '_')}-${digest8(text)}`
}

/** One segment of an exported file's path. */
export function sanitizeFilePart(text: string): string {
  const safe = text.replace(OTHER, '_')
  if (safe.length <= MAX_FILE_PART) return safe
  return `${safe.slice(0, MAX_FILE_PART - 17)}-${digest8(text)}`
}
