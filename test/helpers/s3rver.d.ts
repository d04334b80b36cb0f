/** The few members of the s3rver devDependency (a fake S3 server for tests) that test/helpers/s3.ts uses. */
declare module 's3rver' {
  interface S3rverOptions {
    port?: number
    address?: string
    silent?: boolean
    directory: string
    configureBuckets?: { name: string }[]
  }
  export default class S3rver {
    constructor(options: S3rverOptions)
    run(): Promise<{ address: string; port: number }>
    close(): Promise<void>
    on(event: 'event', listener: (event: { Records: { eventName: string }[] }) => void): this
  }
}
