import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';

// Issue 18, item 1: no public method or exported type of cdk-hipaa/envelope returns key material.
// The test compiles lib/envelope with the package's build configuration (tsconfig.build.json, the
// one `npm run build` publishes), then reads the emitted declarations as a consumer would: every
// type reachable from the exports, through every public member, parameter and return type.

const root = path.join(__dirname, '..', '..');
const envelopeDir = path.join(root, 'lib', 'envelope');
/** Types that hold or hand out key bytes, and the private seam between the encryptor and the message code. */
const KEY_MATERIAL_TYPES = ['SecretKey', 'KeyMaterial', 'MessageKeys', 'KeySource', 'DataKeys', 'KeyObject'];
const KEY_MATERIAL_MEMBERS = /^(lease|deriveCommitted|derive|cipher|decipher|copy|encryptionMaterial|decryptionKey|decryptionMaterial|messageKeys|esdkKey|v1Key|keys)$/;

let outDir: string;
let program: ts.Program;
let emitted: string;

beforeAll(() => {
  const configPath = path.join(root, 'tsconfig.build.json');
  const config = ts.readConfigFile(configPath, ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, root);
  expect(parsed.options.stripInternal).toBe(true); // an @internal member never reaches a published .d.ts
  outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'envelope-dts-'));
  const build = ts.createProgram([path.join(envelopeDir, 'index.ts')], { ...parsed.options, outDir, rootDir: root, emitDeclarationOnly: true, declaration: true, noEmit: false });
  const result = build.emit();
  expect(result.diagnostics.filter((d) => d.category === ts.DiagnosticCategory.Error)).toEqual([]);
  emitted = path.join(outDir, 'lib', 'envelope');
  program = ts.createProgram([path.join(emitted, 'index.d.ts')], { ...parsed.options, noEmit: true });
}, 120_000);

afterAll(() => fs.rmSync(outDir, { recursive: true, force: true }));

/** Declaration files of the envelope reachable from index.d.ts through imports and re-exports. */
function reachableFiles(): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = fs.readFileSync(file, 'utf8');
    for (const [, spec] of text.matchAll(/from '(\.[^']+)'/g)) visit(path.join(path.dirname(file), `${spec}.d.ts`));
  };
  visit(path.join(emitted, 'index.d.ts'));
  return [...seen];
}

/** Every type and member name reachable from the module's exports, through public members only. */
function reachable(): { types: Set<string>; members: Set<string> } {
  const checker = program.getTypeChecker();
  const types = new Set<string>();
  const members = new Set<string>();
  const seen = new Set<ts.Type>();
  const ours = (declarations: readonly ts.Declaration[] | undefined) => (declarations ?? []).some((d) => d.getSourceFile().fileName.startsWith(outDir));
  const walk = (type: ts.Type) => {
    if (seen.has(type)) return;
    seen.add(type);
    const symbol = type.aliasSymbol ?? type.getSymbol();
    if (symbol) types.add(symbol.getName());
    for (const t of type.aliasTypeArguments ?? []) walk(t);
    if (type.isUnionOrIntersection()) type.types.forEach(walk);
    if (type.flags & ts.TypeFlags.Object && (type as ts.ObjectType).objectFlags & ts.ObjectFlags.Reference) {
      checker.getTypeArguments(type as ts.TypeReference).forEach(walk); // Promise<T>, arrays
    }
    if (!symbol || !ours(symbol.declarations)) return; // node:stream, Uint8Array...: not ours to open
    for (const property of type.getProperties()) {
      const declaration = property.valueDeclaration ?? property.declarations?.[0];
      if (declaration && ts.getCombinedModifierFlags(declaration) & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected)) continue;
      members.add(property.getName());
      const propertyType = checker.getTypeOfSymbol(property);
      walk(propertyType);
      for (const signature of propertyType.getCallSignatures()) {
        signature.getParameters().forEach((p) => walk(checker.getTypeOfSymbol(p)));
        walk(signature.getReturnType());
      }
    }
    for (const signature of [...type.getConstructSignatures(), ...type.getCallSignatures()]) {
      signature.getParameters().forEach((p) => walk(checker.getTypeOfSymbol(p)));
      walk(signature.getReturnType());
    }
  };
  const index = program.getSourceFile(path.join(emitted, 'index.d.ts'))!;
  for (const exported of checker.getExportsOfModule(checker.getSymbolAtLocation(index)!)) {
    const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    types.add(symbol.getName());
    if (symbol.flags & ts.SymbolFlags.Class) walk(checker.getDeclaredTypeOfSymbol(symbol));
    if (symbol.flags & (ts.SymbolFlags.Value)) walk(checker.getTypeOfSymbol(symbol));
    if (symbol.flags & (ts.SymbolFlags.Interface | ts.SymbolFlags.TypeAlias)) walk(checker.getDeclaredTypeOfSymbol(symbol));
  }
  return { types, members };
}

describe('the built declarations of cdk-hipaa/envelope expose no key material', () => {
  test('no reachable declaration file declares a key-material type', () => {
    const files = reachableFiles();
    expect(files.map((f) => path.basename(f))).toContain('encryptor.d.ts');
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      for (const name of KEY_MATERIAL_TYPES) expect([path.basename(file), text]).not.toEqual([path.basename(file), expect.stringMatching(new RegExp(`\\b${name}\\b`))]);
    }
  });

  test('no type or public member reachable from the exports is key material', () => {
    const { types, members } = reachable();
    // The walk goes deep: options of options, stream option types, error classes and their members.
    expect([...types]).toEqual(expect.arrayContaining(['EnvelopeEncryptor', 'EnvelopeCacheOptions', 'DecryptStreamOptions', 'KmsClientLike', 'TamperedCiphertextError', 'Transform']));
    expect([...members]).toEqual(expect.arrayContaining(['encrypt', 'decrypt', 'encryptStream', 'decryptStream', 'clearCache', 'frameSize', 'maxAgeMs', 'code']));
    expect([...types].filter((t) => KEY_MATERIAL_TYPES.includes(t))).toEqual([]);
    expect([...members].filter((m) => KEY_MATERIAL_MEMBERS.test(m))).toEqual([]);
  });

  test('the encryptor keeps its key source in a private field whose type is not emitted', () => {
    const text = fs.readFileSync(path.join(emitted, 'encryptor.d.ts'), 'utf8');
    expect(text).toMatch(/private readonly keys;/);
  });
});

describe('lib/envelope has no import cycle', () => {
  test('the module graph (type-only imports included) is acyclic', () => {
    const graph = new Map<string, string[]>();
    for (const file of fs.readdirSync(envelopeDir).filter((f) => f.endsWith('.ts'))) {
      const text = fs.readFileSync(path.join(envelopeDir, file), 'utf8');
      graph.set(file.replace(/\.ts$/, ''), [...text.matchAll(/from '\.\/([^']+)'/g)].map((m) => m[1]));
    }
    const state = new Map<string, 'open' | 'done'>();
    const cycles: string[] = [];
    const visit = (node: string, trail: string[]) => {
      if (state.get(node) === 'done') return;
      if (state.get(node) === 'open') { cycles.push([...trail.slice(trail.indexOf(node)), node].join(' -> ')); return; }
      state.set(node, 'open');
      for (const next of graph.get(node) ?? []) visit(next, [...trail, node]);
      state.set(node, 'done');
    };
    for (const node of graph.keys()) visit(node, []);
    expect(cycles).toEqual([]);
    expect(graph.get('stream')).not.toContain('encryptor');
  });
});
