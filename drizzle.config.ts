// drizzle-kit: generates SQL migrations from the schema files.
//   npm run db:generate                          core schemas and the first two products → drizzle/
//   DRIZZLE_PRODUCT=<slug> npm run db:generate   one later product → drizzle/<slug>/ (its own schema only)
// The runtime applies drizzle/ first, then each product folder (src/core/db/migrate.ts).
import fs from 'node:fs';
import { defineConfig } from 'drizzle-kit';

/** Products whose tables live in the root folder (they predate per-product folders). */
const ROOT_PRODUCTS = ['couple-compass', 'project-inside'];
const pgSchemaOf = (slug: string) => slug.replace(/-/g, '_');

const product = process.env.DRIZZLE_PRODUCT;
if (product !== undefined && (ROOT_PRODUCTS.includes(product) || !fs.existsSync(`./src/products/${product}`))) {
  throw new Error(`DRIZZLE_PRODUCT=${product}: not a product with its own migration folder`);
}

export default product
  ? defineConfig({
      dialect: 'postgresql',
      // Only the product's own tables; references to identity.users come through core/db/columns.
      schema: [`./src/products/${product}/**/db.ts`],
      out: `./drizzle/${product}`,
      schemaFilter: [pgSchemaOf(product)],
    })
  : defineConfig({
      dialect: 'postgresql',
      schema: ['./src/core/*/db.ts', ...ROOT_PRODUCTS.map((s) => `./src/products/${s}/**/db.ts`)],
      out: './drizzle',
      schemaFilter: ['identity', 'payments', ...ROOT_PRODUCTS.map(pgSchemaOf)],
    });
