#!/usr/bin/env bash
# Brings each packable project's PublicAPI.Unshipped.txt up to date with its code: adds the public symbols the
# analyzer reports as undeclared (RS0016) and drops declared ones that are gone (RS0017). Run it after changing the
# public API, then review the diff: it is the API change a reviewer signs off. Shipped files are never touched.
set -euo pipefail
cd "$(dirname "$0")/.."
projects=(
  src/CustomerCore
  adapters/CustomerCore.InMemory
  adapters/CustomerCore.EntityFrameworkCore
  tests/CustomerCore.Specification.Tests
  samples/CustomerCore.Sample.Console
)
for project in "${projects[@]}"; do
  unshipped="$project/PublicAPI.Unshipped.txt"
  # Several passes: a project only reports its own symbols once the projects it references build.
  for _ in 1 2 3; do
    log=$(dotnet build "$project" --no-incremental -p:TreatWarningsAsErrors=false -p:MSBuildTreatWarningsAsErrors=false 2>&1 || true)
    added=$(grep -F "$project" <<<"$log" | grep -oP "RS0016: Symbol '\K.*?(?=' is not part of the declared public API)" | sort -u || true)
    removed=$(grep -F "$project" <<<"$log" | grep -oP "RS0017: Symbol '\K.*?(?=' is part of the declared API)" | sort -u || true)
    [ -z "$added" ] && [ -z "$removed" ] && break
    {
      echo '#nullable enable'
      { grep -v '^#nullable enable$' "$unshipped" || true; [ -n "$added" ] && echo "$added"; } \
        | grep -vxF -f <(printf '%s\n' "$removed" | sed '/^$/d'; echo '#nullable enable') | LC_ALL=C sort -u
    } > "$unshipped.new"
    mv "$unshipped.new" "$unshipped"
    echo "$unshipped: +$(grep -c . <<<"$added" || true) -$(grep -c . <<<"$removed" || true)"
  done
done
