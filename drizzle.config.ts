// drizzle-kit: generates SQL migrations into drizzle/ from every schema file (core and products).
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: ['./src/core/*/db.ts', './src/products/*/db.ts'],
  out: './drizzle',
  schemaFilter: ['identity', 'payments', 'couple_compass', 'project_inside', 'flirtcraft', 'fluentfusion', 'memory_maker'],
});
