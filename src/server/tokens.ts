/**
 * Access tokens: `--token T` reads every project; a tokens file (JSON `{ "<token>": ["p1", "p2"] | "*" }`)
 * scopes each token to projects. Also which hosts count as loopback (the only binds allowed without a token).
 *
 * @example
 * const tokens = parseTokens('{"a-long-secret-token": ["demo"]}', 'tokens.json')
 * tokens.get('a-long-secret-token')   // Set { 'demo' }
 * isLoopback('0.0.0.0')                // false
 */
import { readFileSync } from 'node:fs'
import { InvalidOptionError } from '../index.js'

/** What a token may read: every project ('*') or the named ones. */
export type Scope = '*' | ReadonlySet<string>

/** Token -> scope. */
export type Tokens = ReadonlyMap<string, Scope>

const MIN_LENGTH = 16

function invalid(message: string, hint: string): never {
  throw new InvalidOptionError('INVALID_TOKENS', message, { hint })
}

function checkToken(token: string, where: string): string {
  if (token.length < MIN_LENGTH || /[\s;,"]/.test(token))
    invalid(
      `${where}: a token must be at least ${MIN_LENGTH} characters without spaces, commas, semicolons or quotes`,
      'Make one with `openssl rand -hex 24`.',
    )
  return token
}

/** One token reading every project. */
export function singleToken(token: string): Tokens {
  return new Map([[checkToken(token, '--token'), '*' as const]])
}

/** Tokens from the JSON text of a tokens file (`source` names it in errors). */
export function parseTokens(text: string, source: string): Tokens {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    invalid(`${source} is not valid JSON`, 'Write it as { "<token>": ["project", …] or "*" }.')
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    invalid(`${source} must hold a JSON object`, 'Write it as { "<token>": ["project", …] or "*" }.')
  const tokens = new Map<string, Scope>()
  for (const [token, scope] of Object.entries(value)) {
    checkToken(token, source)
    if (scope === '*') tokens.set(token, '*')
    else if (Array.isArray(scope) && scope.every((p) => typeof p === 'string'))
      tokens.set(token, new Set(scope as string[]))
    else
      invalid(
        `${source}: the scope of a token must be "*" or an array of project names`,
        'Example: { "<token>": ["demo"] }.',
      )
  }
  if (tokens.size === 0) invalid(`${source} holds no token`, 'Add at least one token.')
  return tokens
}

/** Tokens from the file at `path`. */
export function loadTokensFile(path: string): Tokens {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch {
    invalid(`cannot read the tokens file ${path}`, 'Check the path given to --tokens.')
  }
  return parseTokens(text, path)
}

/** True for 127.0.0.0/8, ::1 and localhost. */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase()
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h)
}
