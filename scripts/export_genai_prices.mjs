// scripts/export_genai_prices.mjs — writes the price data that the npm package
// @pydantic/genai-prices ships (inside its JavaScript bundle) as one JSON file
// that the engine's C++ reader loads (io/llm/genai_prices.h).
// Usage: node scripts/export_genai_prices.mjs PACKAGE_DIR OUT_JSON
// The package's public API gives providers by id (findProvider); the ids are
// taken from the bundle's text and kept only when findProvider returns a
// provider of exactly that id, so a change of the bundle's layout fails loudly
// (too few providers) rather than silently.
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [pkgDir, outPath] = process.argv.slice(2);
if (!pkgDir || !outPath) {
  console.error('usage: node export_genai_prices.mjs PACKAGE_DIR OUT_JSON');
  process.exit(2);
}
const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
const bundlePath = join(pkgDir, pkg.module ?? 'dist/index.js');
const mod = await import(pathToFileURL(resolve(bundlePath)).href);
const text = readFileSync(bundlePath, 'utf8');

const candidates = new Set([...text.matchAll(/\bid:\s*"([A-Za-z0-9_.-]+)"/g)].map((m) => m[1]));
const providers = [];
for (const id of candidates) {
  const p = mod.findProvider({ providerId: id });
  if (p && p.id === id && !providers.some((q) => q.id === id)) providers.push(p);
}
if (providers.length < 10) {
  console.error(`export_genai_prices: only ${providers.length} providers found in ${bundlePath}; has the package changed its layout?`);
  process.exit(1);
}
// The data date: when this version was published on npm (the installer asks
// the registry; npm normalises the files' times, so they cannot tell).
const dataDate = process.env.GENAI_PRICES_PUBLISHED || '';
const out = {
  source: pkg.name,
  version: pkg.version,
  data_date: dataDate,
  bundle: bundlePath,
  providers,
};
writeFileSync(outPath, JSON.stringify(out));
console.log(`export_genai_prices: ${pkg.name}@${pkg.version}: ${providers.length} providers, ${providers.reduce((n, p) => n + p.models.length, 0)} models -> ${outPath}`);
