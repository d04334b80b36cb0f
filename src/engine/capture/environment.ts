/**
 * The environment a run ran in: Node version, platform, architecture, hostname, pid, working directory and
 * command line; plus the monitoring namespace id of this process (Neptune's 8-character hash of host and
 * pid), so several processes logging into one run keep their monitoring apart.
 *
 * @example
 * describeEnvironment().node          // 'v20.20.2'
 * monitoringId()                      // '3f9c0a1b'
 */
import { createHash } from 'node:crypto'
import { arch, hostname, platform, userInfo } from 'node:os'
import { threadId } from 'node:worker_threads'

/** Facts about the running process. */
export interface EnvironmentInfo {
  node: string
  platform: string
  arch: string
  hostname: string
  pid: number
  cwd: string
  commandLine: string
  owner: string
}

/** The OS user name, or '' when the system cannot tell. */
export function ownerName(): string {
  try {
    return userInfo().username
  } catch {
    return process.env.USER ?? ''
  }
}

/** Facts about this process. */
export function describeEnvironment(): EnvironmentInfo {
  return {
    node: process.version,
    platform: platform(),
    arch: arch(),
    hostname: hostname(),
    pid: process.pid,
    cwd: process.cwd(),
    commandLine: process.argv.join(' '),
    owner: ownerName(),
  }
}

/** 8 hex characters naming this process's monitoring namespace: hash of hostname, pid and thread. */
export function monitoringId(): string {
  return createHash('sha256').update(`${hostname()}:${process.pid}:${threadId}`).digest('hex').slice(0, 8)
}
