/**
 * A path or name as error messages show it: in double quotes, with control characters escaped (a DEL,
 * a newline or an escape sequence would otherwise be invisible, or move the terminal's cursor).
 *
 * @example
 * quoted('runs/a\u007fb')   // '"runs/a\\u007fb"'
 */

const CONTROL = /\p{Cc}/gu

/** `text` in double quotes with every control character (C0, DEL, C1) written as \uXXXX. */
export function quoted(text: string): string {
  const escaped = text
    .replaceAll('\\', '\\\\')
    .replaceAll('"', '\\"')
    .replace(CONTROL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
  return `"${escaped}"`
}
