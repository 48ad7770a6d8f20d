#!/usr/bin/env bash
# While Project Inside's first migration has not shipped: regenerate drizzle/0002_project_inside.sql from db.ts.
set -euo pipefail
cd "$(dirname "$0")/.."
exec 9>/tmp/quintet-regen.lock
flock 9
rm -f drizzle/0002_project_inside.sql drizzle/meta/0002_snapshot.json
node -e "
const fs=require('fs');const p='drizzle/meta/_journal.json';const j=JSON.parse(fs.readFileSync(p,'utf8'));
j.entries=j.entries.filter(e=>e.idx<2);fs.writeFileSync(p,JSON.stringify(j,null,2)+'\n');"
npx drizzle-kit generate --name project_inside
