// Type-checks doc snippets with the TypeScript compiler API, each snippet as its own module, against the built
// @ichat/sdk and @ichat/widget declarations.

import { join } from 'node:path';
import ts from 'typescript';
import { where, type FencedBlock } from '../fences.js';
import { PACKAGE_ROOT } from '../repo.js';

/** A compiler complaint about one snippet, located in the doc. */
export interface SnippetProblem {
  readonly block: FencedBlock;
  /** `docs/sdk.md:42` (the doc line of the offending snippet line). */
  readonly at: string;
  readonly message: string;
}

/** What every snippet is checked with: what a newcomer's `strict` project has, not this repository's extra flags. */
const TYPESCRIPT_OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  lib: ['lib.es2023.d.ts', 'lib.dom.d.ts', 'lib.dom.iterable.d.ts'],
  types: ['node'],
  strict: true,
  noEmit: true,
  skipLibCheck: true,
  esModuleInterop: true,
};

/** Plain JavaScript snippets are checked as an editor checks a `.js` file: real names and types, no strict nulls. */
const JAVASCRIPT_OPTIONS: ts.CompilerOptions = { ...TYPESCRIPT_OPTIONS, allowJs: true, checkJs: true, strict: false };

/** The languages this checker reads, and whether each is JavaScript. */
export const SNIPPET_LANGUAGES: Readonly<Record<string, 'ts' | 'js'>> = {
  ts: 'ts',
  typescript: 'ts',
  js: 'js',
  javascript: 'js',
};

/** Where the virtual snippet files live: inside this package, so `@ichat/sdk` resolves from its node_modules. */
const SNIPPET_DIR = join(PACKAGE_ROOT, 'doc-snippets');

/** A type a snippet declares is documentation of the real one: the check adds "these two are the same type". */
function sameTypeChecks(code: string): string {
  const source = ts.createSourceFile('declarations.ts', code, ts.ScriptTarget.ES2022, false, ts.ScriptKind.TS);
  const names: string[] = [];
  for (const statement of source.statements) {
    if (ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement)) names.push(statement.name.text);
  }
  return names
    .map(
      (name) =>
        `type __Real${name} = import('@ichat/sdk').${name};\n` +
        `const __same${name}: [${name}] extends [__Real${name}] ? ([__Real${name}] extends [${name}] ? true : false) : false = true;\n` +
        `void __same${name};`,
    )
    .join('\n');
}

function snippetFileName(block: FencedBlock, kind: 'ts' | 'js'): string {
  return join(SNIPPET_DIR, `${block.file.replaceAll(/[^a-z0-9]+/gi, '-')}-${block.line}.${kind}`);
}

/**
 * Type-checks `blocks` (TypeScript or JavaScript snippets of one doc) with `prelude` (a module of ambient
 * declarations for what the snippets take as given, such as the app's own `render` function) and returns every
 * problem. `export {}` makes each snippet a module, so names do not leak between snippets.
 */
export function checkSnippets(blocks: readonly FencedBlock[], prelude: string): SnippetProblem[] {
  const problems: SnippetProblem[] = [];
  for (const kind of ['ts', 'js'] as const) {
    const ofKind = blocks.filter((block) => SNIPPET_LANGUAGES[block.lang] === kind);
    if (ofKind.length > 0) problems.push(...checkKind(ofKind, kind, prelude));
  }
  return problems;
}

function checkKind(blocks: readonly FencedBlock[], kind: 'ts' | 'js', prelude: string): SnippetProblem[] {
  const files = new Map<string, { text: string; block?: FencedBlock }>();
  files.set(join(SNIPPET_DIR, 'prelude.ts'), { text: prelude });
  for (const block of blocks) {
    const extra = kind === 'ts' ? sameTypeChecks(block.code) : '';
    files.set(snippetFileName(block, kind), { text: `${block.code}\nexport {};\n${extra}\n`, block });
  }
  const options = kind === 'ts' ? TYPESCRIPT_OPTIONS : JAVASCRIPT_OPTIONS;
  const host = ts.createCompilerHost(options, true);
  const readFile = host.readFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getCurrentDirectory = () => PACKAGE_ROOT;
  host.readFile = (name) => files.get(name)?.text ?? readFile(name);
  host.fileExists = (name) => files.has(name) || fileExists(name);
  host.getSourceFile = (name, version, onError) => {
    const virtual = files.get(name);
    return virtual === undefined ? getSourceFile(name, version, onError) : ts.createSourceFile(name, virtual.text, version, true);
  };
  const program = ts.createProgram({ rootNames: [...files.keys()], options, host });
  const problems: SnippetProblem[] = [];
  for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
    const owner = diagnostic.file === undefined ? undefined : files.get(diagnostic.file.fileName);
    if (owner?.block === undefined || diagnostic.file === undefined) {
      const block = blocks[0];
      const file = diagnostic.file?.fileName ?? 'the compiler';
      if (block !== undefined) problems.push({ block, at: `${file} (while checking ${where(block)})`, message });
      continue;
    }
    const { line } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start ?? 0);
    const snippetLines = owner.block.code.split('\n').length;
    const at =
      line < snippetLines
        ? `${owner.block.file}:${owner.block.line + 1 + line}`
        : `${where(owner.block)} (the declared type is not the real one)`;
    problems.push({ block: owner.block, at, message });
  }
  return problems;
}
