// The deploy step's migrations against the edge database (Turso): `npm run db:migrate` runs
// `drizzle-kit migrate` with this config, before `wrangler deploy`. The worker refuses to serve
// while the database is behind the migrations it was built with (backend/worker.ts).
import { defineConfig } from 'drizzle-kit';

const url = process.env.DATABASE_URL;
if (!url || !/^(libsql|https?):\/\//.test(url)) throw new Error('DATABASE_URL must be the Turso database (libsql://…) for drizzle-kit migrate');

export default defineConfig({
  dialect: 'turso',
  schema: './backend/db/schema.ts',
  out: './backend/db/migrations',
  dbCredentials: { url, ...(process.env.DATABASE_AUTH_TOKEN ? { authToken: process.env.DATABASE_AUTH_TOKEN } : {}) },
});
