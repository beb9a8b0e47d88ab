#!/usr/bin/env bash
# Consumer install test: pack the library, install the tarball into a fresh app laid out as
# `cdk init app --language typescript` makes it (module commonjs, no moduleResolution), import
# from cdk-hipaa and cdk-hipaa/envelope, type-check, synthesize with every check, report.
# Proves the published package works for a user: exports and types resolve, Lambda sources ship,
# nothing imports a dev-only package. Installs from npm's cache (filled by `npm ci`).
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

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

app="$work/app"
mkdir -p "$app/bin"
cat > "$app/package.json" <<JSON
{
  "name": "consumer-app",
  "private": true,
  "dependencies": {
    "aws-cdk-lib": "$(version_of aws-cdk-lib)",
    "constructs": "$(version_of constructs)",
    "cdk-hipaa": "file:$tarball"
  },
  "devDependencies": {
    "typescript": "$(version_of typescript)",
    "@types/node": "$(version_of @types/node)"
  }
}
JSON
# The tsconfig `cdk init app --language typescript` writes: commonjs, no moduleResolution.
cat > "$app/tsconfig.json" <<'JSON'
{
  "compilerOptions": {
    "target": "ES2022",
    "module": "commonjs",
    "lib": ["es2022"],
    "declaration": true,
    "strict": true,
    "noImplicitAny": true,
    "strictNullChecks": true,
    "noImplicitThis": true,
    "alwaysStrict": true,
    "noUnusedLocals": false,
    "noUnusedParameters": false,
    "noImplicitReturns": true,
    "noFallthroughCasesInSwitch": false,
    "inlineSourceMap": true,
    "inlineSources": true,
    "experimentalDecorators": true,
    "strictPropertyInitialization": false,
    "typeRoots": ["./node_modules/@types"]
  },
  "exclude": ["node_modules", "cdk.out"]
}
JSON
cat > "$app/bin/app.ts" <<'TS'
import { App, Stack } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { applyHipaaChecks, HipaaBackupPlan, HipaaBucket, HipaaConfigRules, HipaaKey, HipaaTable, writeEvidenceReport } from 'cdk-hipaa';
import { EnvelopeEncryptor, TamperedCiphertextError } from 'cdk-hipaa/envelope';

const app = new App({ outdir: 'cdk.out' });
const stack = new Stack(app, 'Consumer');
const key = new HipaaKey(stack, 'Key');
const phi = new HipaaBucket(stack, 'Phi', { encryptionKey: key.key });
const table = new HipaaTable(stack, 'Records', { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING }, encryptionKey: key.key });
new HipaaBackupPlan(stack, 'Backup', { resources: [phi, table] });
new HipaaConfigRules(stack, 'Rules'); // bundles a Lambda handler shipped in the package
applyHipaaChecks(app);
app.synth();
const report = writeEvidenceReport('cdk.out');
if (report.summary.verdict !== 'PASS') throw new Error(`evidence report: ${report.summary.verdict}`);

// The envelope entry point resolves and its types check under commonjs.
const encryptor: EnvelopeEncryptor = new EnvelopeEncryptor({ keyId: 'alias/consumer-test', cache: { maxMessages: 1000 } });
console.log(`consumer: synthesized ${report.summary.resources} resources, verdict ${report.summary.verdict}; envelope ok: ${typeof encryptor.encrypt === 'function' && TamperedCiphertextError.name}`);
TS

cd "$app"
echo "consumer: installing the tarball"
npm install --prefer-offline --no-audit --no-fund --loglevel=error >/dev/null
echo "consumer: type-checking under module commonjs"
npx tsc -p .
echo "consumer: synthesizing with every check"
node bin/app.js
npx cdk-hipaa report cdk.out
echo "consumer: OK (packed, installed, type-checked, synthesized, reported)"
