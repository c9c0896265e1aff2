#!/usr/bin/env bash
# Installs the maintained model price data: the npm package
# @pydantic/genai-prices into third_party/node_modules (never committed) and
# its data exported to third_party/genai-prices/genai-prices.json, which the
# engine reads (io/llm/genai_prices.h). Idempotent: does nothing when that
# version is already exported.
#   GENAI_PRICES_VERSION=0.1.8 (default) | latest | any published version
# To refresh the prices: GENAI_PRICES_VERSION=latest bash scripts/install_prices.sh
set -euo pipefail
cd "$(dirname "$0")/.."
readonly PACKAGE=@pydantic/genai-prices
readonly VERSION="${GENAI_PRICES_VERSION:-0.1.8}"
readonly PREFIX=third_party
readonly OUT=third_party/genai-prices/genai-prices.json

installed_version() {
  node -e 'try{console.log(require(process.argv[1]).version)}catch(e){}' \
    "$PWD/$PREFIX/node_modules/$PACKAGE/package.json" 2>/dev/null || true
}

if [ "$VERSION" != latest ] && [ -s "$OUT" ] && [ "$(installed_version)" = "$VERSION" ]; then
  exit 0
fi
mkdir -p "$PREFIX" "$(dirname "$OUT")"
[ -f "$PREFIX/package.json" ] || echo '{"name":"crmarena-third-party","private":true}' > "$PREFIX/package.json"
echo "installing $PACKAGE@$VERSION into $PREFIX/node_modules"
npm install --prefix "$PREFIX" --no-audit --no-fund --save-exact "$PACKAGE@$VERSION" >/dev/null
version="$(installed_version)"
# The data's date: when this version was published (npm registry metadata).
published="$(npm view "$PACKAGE@$version" time --json 2>/dev/null |
  node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{try{console.log(JSON.parse(s)[process.argv[1]]||"")}catch(e){console.log("")}})' "$version" || true)"
GENAI_PRICES_PUBLISHED="$published" node scripts/export_genai_prices.mjs "$PREFIX/node_modules/$PACKAGE" "$OUT"
