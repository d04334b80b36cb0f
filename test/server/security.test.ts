/* eslint-disable @typescript-eslint/no-explicit-any -- the tests read JSON replies loosely and assert their shape */
/** Headers, methods, hostile paths and tokens, in memory. */
import { beforeAll, describe, expect, test } from 'vitest'
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseTokens, singleToken } from '../../src/server/tokens.js'
import { tempDir } from '../helpers/tmp.js'
import { appOver, demoWorkspace, type Demo } from './fixture.js'

let demo: Demo
beforeAll(async () => {
  demo = await demoWorkspace()
})

const ADMIN = 'admin-token-0123456789'
const DEMO_ONLY = 'demo-token-0123456789'

describe('headers and methods', () => {
  test('every response has the strict headers and no CORS header', async () => {
    const { app } = appOver(demo.home)
    for (const path of ['/api/projects', '/api/nope', '/', '/some/client/route']) {
      const res = await app.request(path, { headers: { Origin: 'https://evil.example' } })
      expect(res.headers.get('content-security-policy')).toContain("default-src 'self'")
      expect(res.headers.get('content-security-policy')).not.toContain('unsafe-inline')
      expect(res.headers.get('x-content-type-options')).toBe('nosniff')
      expect(res.headers.get('referrer-policy')).toBe('no-referrer')
      expect([...res.headers.keys()].filter((k) => k.startsWith('access-control-'))).toEqual([])
    }
  })

  test('only GET and HEAD: others are 405 with Allow', async () => {
    const { app } = appOver(demo.home)
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS']) {
      const res = await app.request('/api/projects', { method })
      expect(res.status).toBe(405)
      expect(res.headers.get('allow')).toBe('GET, HEAD')
      expect(((await res.json()) as any).error.code).toBe('METHOD_NOT_ALLOWED')
    }
    const head = await app.request('/api/projects', { method: 'HEAD' })
    expect(head.status).toBe(200)
    expect(await head.text()).toBe('')
  })

  test('traversal, encoded slashes, backslashes and NUL bytes are 400', async () => {
    const { app } = appOver(demo.home)
    for (const path of [
      '/api/projects/demo%2F..%2Fother',
      '/api/projects/demo/runs/DEMO-1%2fx',
      '/%2e%2e%2fetc/passwd',
      '/api/projects/%00',
      '/assets/..%5c..%5cpackage.json',
      '/a%5Cb',
      '/api/projects/%E0%A4%A',
    ]) {
      const res = await app.request(path)
      expect({ path, status: res.status }).toEqual({ path, status: 400 })
      expect(((await res.json()) as any).error.code).toBe('BAD_REQUEST')
    }
  })
})

describe('host names', () => {
  test('without tokens only loopback names are served (DNS rebinding); with tokens any name', async () => {
    const { app } = appOver(demo.home)
    for (const host of ['localhost', '127.0.0.1', '127.1.2.3', '[::1]'])
      expect((await app.request(`http://${host}:4700/api/projects`)).status).toBe(200)
    for (const host of ['evil.example', '10.0.0.1', 'localhost.evil.example']) {
      const res = await app.request(`http://${host}:4700/api/projects`)
      expect(res.status).toBe(403)
      expect(((await res.json()) as any).error.code).toBe('FORBIDDEN')
    }
    const { app: guarded } = appOver(demo.home, { tokens: singleToken(ADMIN) })
    expect(
      (
        await guarded.request('http://nereid.lab:4700/api/projects', {
          headers: { Authorization: `Bearer ${ADMIN}` },
        })
      ).status,
    ).toBe(200)
  })
})

describe('viewer files', () => {
  test('without a build: a plain page saying so', async () => {
    const { app } = appOver(demo.home)
    const res = await app.request('/runs/DEMO-1')
    expect(res.status).toBe(200)
    expect(await res.text()).toContain('not built')
  })

  test('files of the viewer directory only; index.html for client routes; symlinks out are refused', async () => {
    const dir = tempDir('viewer-')
    mkdirSync(join(dir, 'assets'))
    writeFileSync(join(dir, 'index.html'), '<!doctype html><script src="/assets/app.js"></script>')
    writeFileSync(join(dir, 'assets', 'app.js'), 'console.log(1)')
    const secret = join(tempDir('secret-'), 'secret.txt')
    writeFileSync(secret, 'secret')
    symlinkSync(secret, join(dir, 'assets', 'link.txt'))
    const { app } = appOver(demo.home, { viewerDir: dir })
    const js = await app.request('/assets/app.js')
    expect(js.headers.get('content-type')).toContain('text/javascript')
    expect(js.headers.get('cache-control')).toContain('immutable')
    expect(await js.text()).toBe('console.log(1)')
    expect(await (await app.request('/runs/DEMO-1')).text()).toContain('/assets/app.js')
    expect((await app.request('/assets/link.txt')).status).toBe(404)
    expect((await app.request('/assets/missing.js')).status).toBe(404)
  })
})

describe('tokens', () => {
  const tokens = parseTokens(JSON.stringify({ [ADMIN]: '*', [DEMO_ONLY]: ['demo'] }), 'tokens.json')

  test('every API request needs a valid token', async () => {
    const { app } = appOver(demo.home, { tokens })
    for (const headers of [
      {},
      { Authorization: 'Bearer wrong-token-0123456789' },
      { Authorization: `Basic ${ADMIN}` },
      { Cookie: 'nereid_token=nope' },
    ] as Record<string, string>[]) {
      const res = await app.request('/api/projects', { headers })
      expect(res.status).toBe(401)
      expect(((await res.json()) as any).error.code).toBe('UNAUTHORIZED')
    }
    expect(
      (await app.request('/api/projects', { headers: { Authorization: `Bearer ${ADMIN}` } })).status,
    ).toBe(200)
    expect(
      (await app.request('/api/projects', { headers: { Cookie: `nereid_token=${ADMIN}` } })).status,
    ).toBe(200)
  })

  test('a scoped token reads only its projects', async () => {
    const { app } = appOver(demo.home, { tokens })
    const auth = { headers: { Authorization: `Bearer ${DEMO_ONLY}` } }
    expect(
      ((await (await app.request('/api/projects', auth)).json()) as any).items.map((p: any) => p.name),
    ).toEqual(['demo'])
    expect((await (await app.request('/api/session', auth)).json()) as any).toEqual({
      projects: ['demo'],
      auth: 'token',
    })
    expect((await app.request('/api/projects/demo/runs', auth)).status).toBe(200)
    const other = await app.request('/api/projects/other', auth)
    expect(other.status).toBe(403)
    expect(((await other.json()) as any).error.code).toBe('FORBIDDEN')
    expect((await app.request('/api/projects/other/live', auth)).status).toBe(403)
  })

  test('a ?token= link sets an HttpOnly cookie and redirects without the token; a wrong one is 401', async () => {
    const { app } = appOver(demo.home, { tokens: singleToken(ADMIN) })
    const res = await app.request(`/runs/DEMO-1?x=1&token=${ADMIN}`)
    expect(res.status).toBe(302)
    expect(res.headers.get('location')).toBe('/runs/DEMO-1?x=1')
    const cookie = res.headers.get('set-cookie') ?? ''
    expect(cookie).toContain(`nereid_token=${ADMIN}`)
    expect(cookie).toContain('HttpOnly')
    expect(cookie).toContain('SameSite=Strict')
    expect((await app.request('/?token=wrong-token-0123456789')).status).toBe(401)
  })

  test('the tokens file is checked on load', () => {
    const codes = ['{', '[]', '{}', '{"short": "*"}', `{"${ADMIN}": 3}`, `{"${ADMIN}": [1]}`].map((text) => {
      try {
        parseTokens(text, 't.json')
        return 'ok'
      } catch (error) {
        return (error as { code: string }).code
      }
    })
    expect(codes).toEqual(Array(6).fill('INVALID_TOKENS'))
    expect(() => singleToken('short')).toThrow(/at least 16/)
  })
})
