// Fails when a file under src/, test/, bench/ or .ci/ names a path outside the repository: a
// relative path that climbs above the root, an absolute path into the workspace, or the sibling
// reference folder `shared/` (its schemas/, seeds/, domain/). A clone has nothing beside it.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const self = fileURLToPath(import.meta.url);
const scanned = ['src', 'test', 'bench', '.ci'];
const relative = /['"`]((?:\.\.?\/)+[^'"`\s$]*)['"`]/g;
const forbidden = /(?:^|[^\w/.-])(?:\/work\/|shared\/(?:schemas|seeds|domain)\b)/;

function* files(dir) {
  for (const entry of readdirSync(dir)) {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) yield* files(full);
    else if (/\.(ts|mts|cts|js|mjs|cjs|json|sh)$|^run$/.test(entry)) yield full;
  }
}

const problems = [];
for (const top of scanned) {
  for (const file of files(path.join(root, top))) {
    if (file === self) continue;
    const lines = readFileSync(file, 'utf8').split('\n');
    lines.forEach((line, i) => {
      const where = `${path.relative(root, file)}:${i + 1}`;
      if (forbidden.test(line)) problems.push(`${where}: ${line.trim()}`);
      for (const match of line.matchAll(relative)) {
        const target = path.resolve(path.dirname(file), match[1]);
        if (path.relative(root, target).startsWith('..'))
          problems.push(`${where}: ${match[1]} leder ut ur repot`);
      }
    });
  }
}
if (problems.length > 0) {
  console.error(
    `Filer i repot läser sökvägar utanför det (en klon har ingen ../shared bredvid sig):\n${problems.join('\n')}`,
  );
  process.exit(1);
}
console.log(`self-contained: inga sökvägar utanför repot i ${scanned.join(', ')}`);
