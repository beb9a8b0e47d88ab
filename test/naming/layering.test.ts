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
  for (const leaf of ['lib/vocabulary/data-classification.ts', 'lib/compliance/ids.ts']) {
    expect(fs.readFileSync(path.join(root, leaf), 'utf8')).not.toMatch(/^import /m);
  }
});
