#!/usr/bin/env bash
# `npm test`: every suite, in order from fastest to slowest. Installs/starts the system services
# the suites need when missing, builds the plugin when dist/ is absent, and ends with a summary line.
set -uo pipefail
cd "$(dirname "$0")/.."

. scripts/node.sh || exit 1
bash scripts/ci/ensure-system.sh || exit 1
if [ ! -f dist/module.js ]; then
  npm run build || exit 1
fi

suites=(test:unit test:server test:server:future test:backend test:backend-peer test:security test:sim test:alerts test:observability test:host test:reliability e2e)
passed=0
failed=0
failed_names=()
for s in "${suites[@]}"; do
  if ! node -e "process.exit(require('./package.json').scripts['$s'] ? 0 : 1)"; then
    echo "missing npm script $s" >&2
    failed=$((failed + 1)); failed_names+=("$s"); continue
  fi
  printf '\n##### npm run %s\n' "$s"
  start=$SECONDS
  if npm run --silent "$s"; then
    passed=$((passed + 1))
    printf '##### %s passed in %ss\n' "$s" "$((SECONDS - start))"
  else
    failed=$((failed + 1)); failed_names+=("$s")
    printf '##### %s FAILED in %ss\n' "$s" "$((SECONDS - start))"
  fi
done

[ "$failed" -gt 0 ] && echo "failed suites: ${failed_names[*]}"
echo "suites: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
