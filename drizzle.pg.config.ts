/**
 * drizzle-kit configuration of the PostgreSQL hub: `npm run db:generate:pg` turns the tables in
 * schema/pg/*.ts into the SQL migrations under schema/pg/migrations (applied by src/hub/migrate.ts).
 */
import { defineConfig } from 'drizzle-kit'

export default defineConfig({
  dialect: 'postgresql',
  schema: './schema/pg/*.ts',
  out: './schema/pg/migrations',
})
