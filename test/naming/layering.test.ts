/**
 * Layering (issue 18): every construct loads `suppress`, so `suppress` must load no rule code
 * and not the Guard engine (which brings `child_process` and the Control Tower rule files);
 * the vocabulary modules are leaves.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const root = path.join(__dirname, '..', '..');

/** The repository files a module loads, in a fresh Node process (no jest module registry). */
function loadedBy(modulePath: string): string[] {
  const script = `require(${JSON.stringify(path.join(root, modulePath))});` +
    'process.stdout.write(JSON.stringify(Object.keys(require.cache)));';
  const out = execFileSync(process.execPath, ['--require', require.resolve('tsx/cjs'), '-e', script], { cwd: root, encoding: 'utf8' });
  return (JSON.parse(out) as string[]).filter((f) => !f.includes('node_modules')).map((f) => path.relative(root, f)).sort();
}

test('suppress loads no rule, no plugin and no Guard engine', () => {
  const loaded = loadedBy('lib/compliance/suppress.ts');
  expect(loaded).toContain('lib/compliance/ids.ts');
  expect(loaded.filter((f) => /compliance\/(rules\/|gap-checks|control-tower|guard-engine|acknowledgement-checks)/.test(f))).toEqual([]);
}, 60_000);

test('the vocabulary and id modules import nothing', () => {
  const vocabulary = fs.readdirSync(path.join(root, 'lib', 'vocabulary')).map((f) => `lib/vocabulary/${f}`);
  expect(vocabulary).toEqual(expect.arrayContaining(['lib/vocabulary/data-classification.ts', 'lib/vocabulary/disaster-recovery.ts']));
  for (const leaf of [...vocabulary, 'lib/compliance/ids.ts']) {
    expect(fs.readFileSync(path.join(root, leaf), 'utf8')).not.toMatch(/^import /m);
  }
});

/** Every `.ts` file under a repository folder, relative to the root. */
function sources(dir: string): string[] {
  return fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const rel = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(rel);
    return entry.name.endsWith('.ts') ? [rel] : [];
  });
}

/** The relative module specifiers a source file imports. */
function importsOf(file: string): string[] {
  const source = fs.readFileSync(path.join(root, file), 'utf8');
  return [...source.matchAll(/from '(\.[^']+)'/g)].map((m) => path.join(path.dirname(file), m[1]));
}

// Helpers that create constructs live under constructs/ (constructs/internal for the ones the
// package does not export), so the construct layer never reaches back up into lib/ for a
// construct. lib/stacks is the layer above the constructs and builds stacks from them.
test('no construct class is defined in lib/ outside lib/stacks', () => {
  const offenders = sources('lib')
    .filter((f) => !f.startsWith(`lib${path.sep}stacks${path.sep}`))
    .filter((f) => /class \w+ extends (Construct|Stack|NestedStack|Resource)\b/.test(fs.readFileSync(path.join(root, f), 'utf8')));
  expect(offenders).toEqual([]);
});

test('lib/functions is gone: the hardened function and its handler helpers are constructs/internal', () => {
  expect(fs.existsSync(path.join(root, 'lib', 'functions'))).toBe(false);
  expect(fs.existsSync(path.join(root, 'constructs', 'internal', 'hardened-function.ts'))).toBe(true);
  const offenders = sources('constructs').filter((f) => importsOf(f).some((m) => m.startsWith(path.join('lib', 'functions'))));
  expect(offenders).toEqual([]);
});

// The lib/ modules the constructs import (errors, policies as statements, vocabulary, compliance
// ids) build values, never constructs: a helper taking a scope to create a resource belongs in
// constructs/internal (as the alarm topic and the ELB log-delivery policy do).
test('no lib/ module imported by constructs/ creates a construct', () => {
  const imported = new Set(sources('constructs').flatMap((f) => importsOf(f)).filter((m) => m.startsWith(`lib${path.sep}`)));
  const creates = /new [A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)?\((scope|this|stack|parent)\s*,/;
  const offenders = [...imported].map((m) => (m.endsWith('.ts') ? m : `${m}.ts`))
    .filter((f) => fs.existsSync(path.join(root, f)) && creates.test(fs.readFileSync(path.join(root, f), 'utf8')));
  expect(imported.size).toBeGreaterThan(5);
  expect(offenders).toEqual([]);
});

test('nothing in constructs/ imports lib/stacks', () => {
  const offenders = sources('constructs').filter((f) => importsOf(f).some((m) => m.startsWith(path.join('lib', 'stacks'))));
  expect(offenders).toEqual([]);
});

test('constructs/internal stays out of the public API', () => {
  const index = fs.readFileSync(path.join(root, 'lib', 'index.ts'), 'utf8');
  expect(index).not.toMatch(/constructs\/internal/);
  expect(Object.keys(require('../../lib'))).not.toContain('HardenedFunction');
});

// One safeguard vocabulary (lib/vocabulary/safeguards.ts): the rules, the Config rule mapping
// and the evidence report name the sections from there, none declares its own list.
test('only the vocabulary module declares the safeguard names', () => {
  const declaresSafeguards = /type \w+\s*=\s*\|?\s*'(164\.3|[a-z ]+ §164\.3)|const \w+(: \w+)? = '(164\.3\d\d\([a-z0-9()]+\) [a-z]|[a-z ]+ §164\.3)/;
  const offenders = [...sources('lib'), ...sources('constructs')]
    .filter((f) => f !== path.join('lib', 'vocabulary', 'safeguards.ts'))
    .filter((f) => declaresSafeguards.test(fs.readFileSync(path.join(root, f), 'utf8')));
  expect(offenders).toEqual([]);
  expect(declaresSafeguards.test(fs.readFileSync(path.join(root, 'lib', 'vocabulary', 'safeguards.ts'), 'utf8'))).toBe(true);
});
