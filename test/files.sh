#!/bin/sh
# The test files for `npm run test:unit`, the long ones first. node --test starts the files in the
# order given, each as soon as one of its --test-concurrency slots is free; in plain sorted order
# the release test (80+ s) started among the last files and ran alone at the end. Longest first,
# the short files fill the slots at the end instead. Files not named here follow in sorted order,
# so a new file runs either way; name it here if it takes more than ~10 s.
set -eu
cd "$(dirname "$0")/.."
# By time in one slot, measured with --test-concurrency=2 on a 2-core machine: from ~85 s (the
# release test) and ~70 s (setup-peering) down to ~10 s (bad-input).
SLOW="
test/release/release.test.ts
test/aws/setup-peering.test.ts
test/aws/setup-convergence.test.ts
test/cli/doctor.test.ts
test/aws/setup-rules.test.ts
test/examples.test.ts
test/aws/members.test.ts
test/aws/setup-route-tables.test.ts
test/aws/faults.test.ts
test/aws/path-routes.test.ts
test/aws/path-security-groups.test.ts
test/aws/setup-interrupt.test.ts
test/aws/scaling.test.ts
test/aws/path-references-nacl.test.ts
test/aws/settings.test.ts
test/aws/access.test.ts
test/aws/setup-iam.test.ts
test/aws/setup-commands.test.ts
test/aws/path-peerings.test.ts
test/aws/setup-concurrent.test.ts
test/aws/secrets.test.ts
test/aws/setup-tags.test.ts
test/cli/doctor-wait.test.ts
test/cli/collect-show.test.ts
test/aws/healthy.test.ts
test/cli/bad-input.test.ts
"
{
  for f in $SLOW; do
    if [ -f "$f" ]; then echo "$f"; fi
  done
  find test -name '*.test.ts' | sort
} | awk '!seen[$0]++'
