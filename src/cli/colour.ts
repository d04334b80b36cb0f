/**
 * Terminal colour, used only when the stream is a TTY, NO_COLOR is unset, TERM is not 'dumb' and
 * --no-color was not given (FORCE_COLOR forces it on).
 *
 * @example
 * const c = colours(process.stdout)
 * console.log(c.bold('DEMO-1'), c.dim('idle'))
 */

/** Styling functions; each returns its text unchanged when colour is off. */
export interface Colours {
  enabled: boolean
  bold(text: string): string
  dim(text: string): string
  red(text: string): string
  yellow(text: string): string
  cyan(text: string): string
  green(text: string): string
}

let disabled = false

/** Turns colour off for the rest of the process (the --no-color flag). */
export function disableColour(): void {
  disabled = true
}

/** True when `stream` should get ANSI colour. */
export function wantsColour(stream: { isTTY?: boolean }): boolean {
  if (disabled || (process.env.NO_COLOR ?? '') !== '') return false
  if (process.env.FORCE_COLOR !== undefined && process.env.FORCE_COLOR !== '0') return true
  return stream.isTTY === true && process.env.TERM !== 'dumb'
}

/** The colour functions for `stream`. */
export function colours(stream: { isTTY?: boolean }): Colours {
  const enabled = wantsColour(stream)
  const style = (open: number, close: number) => (text: string) =>
    enabled ? `\u001b[${open}m${text}\u001b[${close}m` : text
  return {
    enabled,
    bold: style(1, 22),
    dim: style(2, 22),
    red: style(31, 39),
    yellow: style(33, 39),
    cyan: style(36, 39),
    green: style(32, 39),
  }
}
