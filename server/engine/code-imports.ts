// The imports of a snippet, taken out before the REPL rewrite (prepare-code.ts): `import x from
// 'pkg'` declarations are hoisted into one host request at the top of the run, their bindings
// becoming session globals; `import('pkg')` becomes a call into the guest runtime. A snippet is
// not a module, so `export` has nowhere to go and is refused.
import type * as acorn from 'acorn';
import { replCalls } from '../sandbox/guest-calls.ts';

/** A binding a static import makes: `local` gets export `imported` (`*`: the namespace). */
interface ImportBinding {
  local: string;
  imported: string;
}

export interface SnippetImports {
  /** The source with import declarations blanked and `import(` calls rewritten. */
  source: string;
  /** Each static import's specifier, in order (one request for all of them). */
  specifiers: string[];
  /** The prologue's part: the request, then each binding assigned to its global. */
  prologue: string;
  /** The globals the bindings become. */
  names: string[];
}

/** Thrown for import or export syntax the sandbox cannot run, with where it is. */
export type ImportProblem = { message: string; at: acorn.Position | undefined };

/**
 * The snippet's imports, or undefined when it has none. Throws an ImportProblem for `export`,
 * an import declaration below the top level, or `import.meta`.
 */
export function takeImports(source: string, program: acorn.Program): SnippetImports | undefined {
  const edits: { start: number; end: number; text: string }[] = [];
  const specifiers: string[] = [];
  const bindings: { index: number; binding: ImportBinding }[] = [];
  for (const statement of program.body) {
    if (statement.type !== 'ImportDeclaration') continue;
    const index = specifiers.length;
    specifiers.push(String(statement.source.value));
    for (const specifier of statement.specifiers) {
      const imported =
        specifier.type === 'ImportNamespaceSpecifier'
          ? '*'
          : specifier.type === 'ImportDefaultSpecifier'
            ? 'default'
            : specifier.imported.type === 'Identifier'
              ? specifier.imported.name
              : String(specifier.imported.value);
      bindings.push({ index, binding: { local: specifier.local.name, imported } });
    }
    // Blanked, its line breaks kept, so stack traces keep the user's line numbers.
    const text = source.slice(statement.start, statement.end).replace(/[^\n]/g, '');
    edits.push({ start: statement.start, end: statement.end, text });
  }
  visit(program, (node, topLevel) => {
    if (node.type === 'ImportExpression') {
      edits.push({
        start: node.start,
        end: node.start + 'import'.length,
        text: replCalls.dynamicImport,
      });
    } else if (node.type === 'ImportDeclaration' && !topLevel) {
      throw problem('import declarations belong at the top level of the code', node);
    } else if (
      node.type === 'ExportNamedDeclaration' ||
      node.type === 'ExportDefaultDeclaration' ||
      node.type === 'ExportAllDeclaration'
    ) {
      throw problem(
        "'export' has nothing to export to: the code is a snippet in a session, not a module (its top-level declarations become the session's globals)",
        node,
      );
    } else if (node.type === 'MetaProperty' && node.meta.name === 'import') {
      throw problem("'import.meta' has no module to describe in the sandbox", node);
    }
  });
  if (edits.length === 0) return undefined;
  let out = source;
  for (const edit of edits.sort((a, b) => b.start - a.start)) {
    out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
  }
  const assignments = bindings.map(({ index, binding }) =>
    binding.imported === '*'
      ? `${binding.local} = ${replCalls.imported(index)};`
      : `${binding.local} = ${replCalls.binding(index, binding.imported, specifiers[index] ?? '')};`,
  );
  return {
    source: out,
    specifiers,
    prologue: specifiers.length > 0 ? replCalls.importAll(specifiers) + assignments.join(' ') : '',
    names: bindings.map(({ binding }) => binding.local),
  };
}

function problem(message: string, node: acorn.Node): ImportProblem {
  return { message, at: node.loc?.start };
}

/** Calls `fn` on every node below `node`, saying whether it is a statement of the program. */
function visit(node: acorn.Program, fn: (node: acorn.AnyNode, topLevel: boolean) => void): void {
  const walk = (value: unknown, topLevel: boolean): void => {
    if (!value || typeof value !== 'object') return;
    if (Array.isArray(value)) {
      for (const child of value) walk(child, topLevel);
      return;
    }
    const child = value as acorn.AnyNode;
    if (typeof child.type !== 'string') return;
    fn(child, topLevel);
    for (const [key, grandchild] of Object.entries(child)) {
      if (key !== 'loc' && grandchild && typeof grandchild === 'object') walk(grandchild, false);
    }
  };
  for (const statement of node.body) walk(statement, true);
}
