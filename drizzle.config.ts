/**
 * drizzle-kit configuration: `npm run db:generate` turns the table definitions in schema/*.ts into
 * the SQL migrations under schema/migrations, which the engine applies when it opens a project.
 */
import { defineConfig } from 'drizzle-kit'

export default defineConfig({
  dialect: 'sqlite',
  schema: './schema/*.ts',
  out: './schema/migrations',
})
