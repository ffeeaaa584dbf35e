#!/usr/bin/env bash
# The issue's "done when" check, run by both CI runs: a scratch service installs @dynamo-logging/core
# and one exporter from `npm pack` tarballs, with the OTel packages at the versions <pins-repo>'s root
# package.json pins (the 2.x line, or the 3.x line in the second run's rewritten copy). It must end up
# with exactly one @opentelemetry/api in `npm ls`, its records must carry the active span's trace id,
# and a consumer must type-check against the installed declarations.
# Usage: run.sh <pins-repo> [<built-repo>]; the tarballs come from <built-repo> (default <pins-repo>),
# so the 3.x run can install what the 2.x run built, as a single published build would be.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$1" && pwd)"
built="$(cd "${2:-$1}" && pwd)"
scratch="$(mktemp -d "${TMPDIR:-/tmp}/dynamo-scratch.XXXXXX")"
trap 'rm -rf "$scratch"' EXIT
mkdir "$scratch/tarballs" "$scratch/service"

(cd "$built" && npm pack --silent --pack-destination "$scratch/tarballs" \
  --workspace packages/semconv --workspace packages/core --workspace packages/exporter-elastic >/dev/null)

# The application: the OTel packages it chooses (the repo's pins for this line), and our tarballs.
node -e '
  const fs = require("node:fs"), path = require("node:path");
  const [repo, dir] = process.argv.slice(1);
  const pins = JSON.parse(fs.readFileSync(path.join(repo, "package.json"), "utf8")).devDependencies;
  const wanted = ["@opentelemetry/api", "@opentelemetry/api-logs", "@opentelemetry/sdk-logs", "@opentelemetry/core", "@opentelemetry/resources", "@opentelemetry/sdk-trace", "@opentelemetry/context-async-hooks"];
  const deps = {};
  for (const name of wanted) if (pins[name]) deps[name] = pins[name];
  for (const t of fs.readdirSync(path.join(dir, "tarballs"))) deps[t.replace(/^dynamo-logging-/, "@dynamo-logging/").replace(/-\d+\.\d+\.\d+\.tgz$/, "")] = "file:../tarballs/" + t;
  fs.writeFileSync(path.join(dir, "service", "package.json"), JSON.stringify({ name: "scratch-service", private: true, dependencies: deps }, null, 2));
' "$repo" "$scratch"
cp "$here/service.cjs" "$here/consumer.ts" "$here/tsconfig.json" "$scratch/service/"

cd "$scratch/service"
echo "scratch service: node $(node --version), packages built in $built; dependencies:"; node -p 'JSON.stringify(require("./package.json").dependencies, null, 1)'
npm install --no-audit --no-fund --loglevel=error
npm ls --all @opentelemetry/api
copies="$(npm ls --all --parseable @opentelemetry/api | sort -u | wc -l)"
echo "copies of @opentelemetry/api installed: $copies"
[ "$copies" -eq 1 ] || { echo "expected one copy of @opentelemetry/api" >&2; exit 1; }
timeout 60 node service.cjs
# The repo's compiler and Node types; the declarations and OTel types are the service's own.
[ -e node_modules/@types ] || ln -s "$repo/node_modules/@types" node_modules/@types
"$repo/node_modules/.bin/tsc" -p tsconfig.json
echo "consumer.ts type-checks against the installed declarations"
