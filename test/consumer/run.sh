#!/usr/bin/env bash
# Consumer install test: pack the library and install the tarball into two fresh apps laid out as
# `cdk init app --language typescript` makes them:
#   nodenext  today's template of the pinned CLI (2.1148.1): TypeScript 7, module/moduleResolution
#             NodeNext, app "npx tsc && npx tsx bin/app.ts" (tsc only type-checks: noEmit)
#   commonjs  the older template: module commonjs, no moduleResolution, app "npx ts-node --prefer-ts-exts bin/app.ts"
# Each imports from cdk-hipaa and cdk-hipaa/envelope, type-checks, and runs `cdk synth` with every
# check, with the cfn-guard binaries of @cdklabs/cdk-validator-cfnguard made unrunnable: the
# Control Tower controls must still run (in-process) and find what they find. The gate's summary
# must close the synth output and the evidence report must say PASS. Each also type-checks and runs
# test/gate.ts, a user's unit test written with cdk-hipaa/testing (no test framework: plain asserts).
# Installs from npm's cache where it can (filled by `npm ci`); TypeScript 7 may come from the registry.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
shapes=("${@:-nodenext commonjs}")
read -r -a shapes <<<"${shapes[*]}"

version_of() { node -p "require('$repo/node_modules/$1/package.json').version"; }

echo "consumer: packing cdk-hipaa"
(cd "$repo" && npm pack --silent --pack-destination "$work" >/dev/null)
tarball="$(ls "$work"/cdk-hipaa-*.tgz)"
contents="$(tar -tzf "$tarball")"
for handler in constructs/emr-cluster/certificate-handler.js constructs/config-rules/phi-key-rule-handler.js lib/stacks/baseline/account-settings-handler.js; do
  grep -qx "package/build/$handler" <<<"$contents" || { echo "consumer: the tarball lacks the Lambda handler $handler" >&2; exit 1; }
done
if grep -E '^package/(test|scratch|cdk.out|node_modules|bench)/' <<<"$contents" >/dev/null; then
  echo "consumer: the tarball ships test or build output it should not" >&2; exit 1
fi

# The app a user writes from the README, in the shape `cdk init` leaves (no explicit app.synth(): the CLI synthesizes).
write_app() {
  cat > "$1/bin/app.ts" <<'TS'
#!/usr/bin/env node
import { App, Stack } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { applyHipaaChecks, HipaaBackupPlan, HipaaBucket, HipaaConfigRules, HipaaKey, HipaaTable } from 'cdk-hipaa';
import { EnvelopeEncryptor, TamperedCiphertextError } from 'cdk-hipaa/envelope';

const app = new App();
const stack = new Stack(app, 'Consumer');
const key = new HipaaKey(stack, 'Key');
const phi = new HipaaBucket(stack, 'Phi', { encryptionKey: key.key });
const table = new HipaaTable(stack, 'Records', { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING }, encryptionKey: key.key });
new HipaaBackupPlan(stack, 'Backup', { resources: [phi, table] });
new HipaaConfigRules(stack, 'Rules'); // bundles a Lambda handler shipped in the package
applyHipaaChecks(app);

// The envelope entry point resolves and its types check.
const encryptor: EnvelopeEncryptor = new EnvelopeEncryptor({ keyId: 'alias/consumer-test', cache: { maxMessages: 1000 } });
if (typeof encryptor.encrypt !== 'function' || TamperedCiphertextError.name !== 'TamperedCiphertextError') throw new Error('envelope exports');
TS
  # A user's own test of their stack with cdk-hipaa/testing, framework-free (jest/vitest would wrap the same calls).
  mkdir -p "$1/test"
  cat > "$1/test/gate.ts" <<'TS'
import * as assert from 'node:assert/strict';
import { App, Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { HipaaBucket, HipaaKey } from 'cdk-hipaa';
import { expectNoFindings, findings, GateFindingsError, GateResult, maskedTemplate } from 'cdk-hipaa/testing';

// A hardened bucket passes the whole gate; its acknowledgements come back with their reasons.
const app = new App();
const stack = new Stack(app, 'Good');
const key = new HipaaKey(stack, 'Key');
new HipaaBucket(stack, 'Phi', { encryptionKey: key.key });
expectNoFindings(app);
const result: GateResult = findings(stack);
assert.equal(result.findings.length, 0);
for (const a of result.acknowledgements) assert.ok(a.reason.length >= 30, `${a.rule} has a reason`);

// A plain bucket fails it, and the error names the rule and the construct.
const bad = new App();
const unsafe = new Stack(bad, 'Bad');
new s3.Bucket(unsafe, 'Plain');
assert.throws(() => expectNoFindings(bad), (e: unknown) =>
  e instanceof GateFindingsError && e.findings.length > 0 && /Bad\/Plain/.test(e.message) && /S3/.test(e.message));

// Snapshots without asset hashes or bundle folder names.
const masked = JSON.stringify(maskedTemplate(stack));
assert.ok(!/[0-9a-f]{64}/.test(masked), 'asset hashes masked');
console.log(`consumer gate test: ${result.acknowledgements.length} acknowledgements, an unsafe bucket refused`);
TS
}

run_shape() {
  local shape="$1" app="$work/app-$1"
  mkdir -p "$app/bin"
  write_app "$app"
  local runner tsconfig devdeps
  if [ "$shape" = nodenext ]; then
    runner='npx tsc && npx tsx bin/app.ts'
    devdeps="\"typescript\": \"7.0.2\", \"tsx\": \"$(version_of tsx)\""
    tsconfig='"module": "NodeNext", "moduleResolution": "NodeNext", "noEmit": true, "isolatedModules": true, "skipLibCheck": true, "types": ["node"],'
  else
    runner='npx ts-node --prefer-ts-exts bin/app.ts'
    devdeps="\"typescript\": \"$(version_of typescript)\", \"ts-node\": \"$(version_of ts-node)\""
    tsconfig='"module": "commonjs",'
  fi
  cat > "$app/package.json" <<JSON
{
  "name": "consumer-$shape",
  "private": true,
  "dependencies": {
    "aws-cdk-lib": "$(version_of aws-cdk-lib)",
    "constructs": "$(version_of constructs)",
    "cdk-hipaa": "file:$tarball"
  },
  "devDependencies": {
    $devdeps,
    "aws-cdk": "$(version_of aws-cdk)",
    "@types/node": "$(version_of @types/node)"
  }
}
JSON
  cat > "$app/tsconfig.json" <<JSON
{
  "compilerOptions": {
    "target": "ES2022", $tsconfig
    "lib": ["es2022"], "declaration": true, "strict": true, "noImplicitAny": true, "strictNullChecks": true,
    "noImplicitThis": true, "alwaysStrict": true, "noImplicitReturns": true, "inlineSourceMap": true, "inlineSources": true,
    "experimentalDecorators": true, "strictPropertyInitialization": false, "typeRoots": ["./node_modules/@types"]
  },
  "exclude": ["node_modules", "cdk.out"]
}
JSON
  echo "{ \"app\": \"$runner\" }" > "$app/cdk.json"

  cd "$app"
  echo "consumer[$shape]: installing the tarball"
  npm install --prefer-offline --no-audit --no-fund > install.log 2>&1 || { cat install.log >&2; exit 1; }
  # Every warning a fresh install prints must be one the user can act on. npm 11.19+ names esbuild's
  # postinstall as not covered by allowScripts (esbuild works without it: its binary ships in a platform
  # package); the README tells the user to record that with `npm deny-scripts esbuild`. Any other warning,
  # or any other package named, fails; and the README's remedy must silence it.
  if grep -i 'warn' install.log | grep -v -e 'install-scripts' ; then echo "consumer[$shape]: npm install printed warnings (above)" >&2; exit 1; fi
  if grep -q 'install-scripts' install.log; then
    named="$(grep -oE 'install-scripts +[@a-z0-9/._-]+@[0-9][^ ]* \(' install.log | awk '{print $2}' | sed -E 's/@[0-9][^@]*$//' | sort -u)"
    if [ "$named" != "esbuild" ]; then cat install.log >&2; echo "consumer[$shape]: install scripts other than esbuild's: $named" >&2; exit 1; fi
    npm deny-scripts esbuild > /dev/null
    npm install --prefer-offline --no-audit --no-fund > install2.log 2>&1 || { cat install2.log >&2; exit 1; }
    if grep -i 'warn' install2.log; then echo "consumer[$shape]: npm still warns after the README's 'npm deny-scripts esbuild'" >&2; exit 1; fi
    echo "consumer[$shape]: npm named esbuild's postinstall only; 'npm deny-scripts esbuild' (README) silenced it"
  fi

  # No native binary: every cfn-guard the validator package ships fails if anything runs it.
  for binary in node_modules/@cdklabs/cdk-validator-cfnguard/bin/*/*/cfn-guard; do
    printf '#!/bin/sh\necho "cfn-guard must not run" >&2; exit 99\n' > "$binary"
    chmod a-x "$binary"
  done

  echo "consumer[$shape]: type-checking and synthesizing with every check ($runner)"
  npx cdk synth --quiet > synth.log 2>&1 || { cat synth.log >&2; exit 1; }
  grep -q '^cdk-hipaa gate: PASS' synth.log || { cat synth.log >&2; echo "consumer[$shape]: no gate summary" >&2; exit 1; }
  grep -A4 '^cdk-hipaa gate:' synth.log
  if grep -q 'Done in [0-9]*ms' synth.log; then echo "consumer[$shape]: esbuild bundling output is not quiet" >&2; exit 1; fi
  node -e "
    const r = require('./cdk.out/evidence/evidence-report.json');
    if (r.summary.verdict !== 'PASS') throw new Error('evidence report: ' + r.summary.verdict);
    const v = require('./cdk.out/validation-report.json');
    const ct = (v.pluginReports || []).find((p) => p.pluginName === 'ControlTowerGuardChecks');
    const n = ct ? (ct.suppressedViolations || []).length : 0;
    if (n === 0) throw new Error('the Control Tower controls reported nothing: did they run without the binary?');
    console.log('consumer[$shape]: evidence ' + r.summary.verdict + ', ' + n + ' Control Tower findings acknowledged, evaluated without cfn-guard');
  "
  npx cdk-hipaa report cdk.out > /dev/null
  echo "consumer[$shape]: a user's unit test with cdk-hipaa/testing (test/gate.ts)"
  # The unsafe app's synth prints its findings by design: keep them in gate.log, shown only on failure.
  local gate_runner="npx ts-node --prefer-ts-exts"; [ "$shape" = nodenext ] && gate_runner="npx tsx"
  $gate_runner test/gate.ts > gate.log 2>&1 || { cat gate.log >&2; echo "consumer[$shape]: test/gate.ts failed" >&2; exit 1; }
  tail -1 gate.log
  cd "$repo"
}

# The shapes are independent apps (own directory, own node_modules; npm's cache is safe for concurrent
# installs), so they run side by side: one waits on the network or the disk while the other computes.
# Each one's output goes to its own log, printed whole and in order once it is done.
pids=()
for shape in "${shapes[@]}"; do
  ( run_shape "$shape" ) > "$work/$shape.log" 2>&1 &
  pids+=("$!")
done
failed=()
for i in "${!shapes[@]}"; do
  status=0
  wait "${pids[$i]}" || status=$?
  cat "$work/${shapes[$i]}.log"
  [ "$status" = 0 ] || failed+=("${shapes[$i]}")
done
if [ "${#failed[@]}" -gt 0 ]; then echo "consumer: FAILED (${failed[*]}; output above)" >&2; exit 1; fi
echo "consumer: OK (${shapes[*]}: packed, installed, type-checked, synthesized without cfn-guard, reported, tested with cdk-hipaa/testing)"
