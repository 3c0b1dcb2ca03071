import { createRequire } from 'node:module';
import * as acorn from 'acorn';
import type { transformSync } from 'amaro';
import { replCalls } from '../sandbox/guest-calls.ts';
import { type ImportProblem, takeImports } from './code-imports.ts';
import { completionEdits } from './completion-value.ts';

export interface PreparedCode {
  /** The script that runs in the isolate and is stored in the journal for replay. */
  script: string;
}

export class CodeSyntaxError extends Error {
  override name = 'SyntaxError';
  readonly line: number;
  readonly column: number;
  constructor(message: string, line: number, column: number) {
    super(message);
    this.line = line;
    this.column = column;
  }
}

type Node = acorn.AnyNode;
/** Replaces `start`..`end` of the source with `text` (an insertion when they are equal). */
export type Edit = { start: number; end: number; text: string };

const PARSE_OPTIONS: acorn.Options = {
  ecmaVersion: 'latest',
  sourceType: 'script',
  allowAwaitOutsideFunction: true,
  // Imports are taken out before the rewrite (code-imports.ts), which checks where they are.
  allowImportExportEverywhere: true,
  locations: true,
};

/**
 * Turns a REPL-style snippet into a script for the sandbox: TypeScript types stripped, the body
 * wrapped in an async function (top-level await), top-level declarations rewritten into globals
 * (so later runs see them and may declare them again), and its completion value returned (the
 * last expression's, or what completion-value.ts keeps).
 */
export function prepareCode(code: string): PreparedCode {
  let source = code;
  let program: acorn.Program;
  try {
    program = acorn.parse(source, PARSE_OPTIONS);
  } catch (jsError) {
    const stripped = tryStripTypes(code);
    if (stripped === undefined) throw toSyntaxError(jsError);
    try {
      program = acorn.parse(stripped, PARSE_OPTIONS);
    } catch (tsError) {
      throw toSyntaxError(tsError);
    }
    source = stripped;
  }
  rejectUsing(program);
  let imports: ReturnType<typeof takeImports>;
  try {
    imports = takeImports(source, program);
  } catch (error) {
    const { message, at } = error as ImportProblem;
    throw new CodeSyntaxError(
      `${message}${at ? ` at line ${at.line}, column ${at.column + 1}` : ''}`,
      at?.line ?? 0,
      (at?.column ?? 0) + 1,
    );
  }
  if (imports) {
    source = imports.source;
    program = acorn.parse(source, PARSE_OPTIONS);
  }
  const declared = new Set<string>(imports?.names);
  const functions: string[] = [];
  const blockFunctions = new Set<string>();
  const edits: Edit[] = [];
  for (const statement of program.body) {
    if (statement.type === 'FunctionDeclaration') {
      functions.push(statement.id.name);
    } else if (statement.type === 'ClassDeclaration') {
      declared.add(statement.id.name);
      edits.push({ start: statement.start, end: statement.start, text: `${statement.id.name} = ` });
      edits.push({ start: statement.end, end: statement.end, text: ';' });
    } else if (statement.type === 'VariableDeclaration') {
      edits.push(rewriteDeclaration(source, statement, declared, true));
    } else {
      hoistNestedVars(source, statement, { declared, blockFunctions, edits });
    }
  }
  for (const name of functions) blockFunctions.delete(name);
  // Functions are locals of the wrapper. The prologue publishes the top-level ones (they are
  // hoisted) and starts the block-level ones from their globals (a block never entered leaves
  // them as they were); the epilogue writes back what the run left in all of them.
  const locals = [...functions, ...blockFunctions];
  const epilogue = locals.length > 0 ? `{ ${locals.join(', ')} }` : '';
  const last = program.body.at(-1);
  let body: string;
  let completion: Edit[] = [];
  if (last?.type === 'ExpressionStatement') {
    const { start, end } = last.expression;
    // The value first: arguments run in order, so what the expression does to a function counts.
    edits.push({
      start: last.start,
      end: start,
      text: epilogue ? replCalls.returnEnd[0] : 'return (',
    });
    edits.push({
      start: end,
      end: last.end,
      text: epilogue ? replCalls.returnEnd[1](epilogue) : ');',
    });
    body = applyEdits(source, edits);
  } else {
    // Before the other edits: where two meet, the completion value's go after theirs.
    completion = completionEdits(program.body);
    const value = completion.length > 0 ? replCalls.completion : 'undefined';
    body = applyEdits(source, [...completion, ...edits]);
    if (completion.length > 0 || epilogue) body += replCalls.end(value, epilogue);
  }
  const prologue = [
    completion.length > 0 ? replCalls.declareCompletion : '',
    declared.size > 0 ? replCalls.declare([...declared]) : '',
    functions.length > 0 ? replCalls.define(functions) : '',
    ...[...blockFunctions].map(replCalls.read),
    imports?.prologue ?? '',
  ].join('');
  // The prologue shares line 1 with the code, so stack traces keep the user's line numbers.
  const script = replCalls.body(`${prologue} ${body}`);
  return { script };
}

/** `using` declarations crash V8 while it makes a heap snapshot (SIGSEGV), so none may commit. */
function rejectUsing(node: unknown): void {
  if (!node || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (const child of node) rejectUsing(child);
    return;
  }
  const record = node as { type?: string; kind?: string; loc?: acorn.SourceLocation };
  if (record.type === 'VariableDeclaration' && record.kind?.includes('using')) {
    const at = record.loc?.start;
    throw new CodeSyntaxError(
      `'${record.kind}' declarations are not supported in the sandbox${at ? ` at line ${at.line}, column ${at.column + 1}` : ''}`,
      at?.line ?? 0,
      (at?.column ?? 0) + 1,
    );
  }
  for (const [key, child] of Object.entries(node)) {
    if (key !== 'loc' && child && typeof child === 'object') rejectUsing(child);
  }
}

let loadedStripper: typeof transformSync | undefined;
/**
 * Node's own type stripper, as a library (the same output without the experimental API), loaded
 * on the first TypeScript run: its WebAssembly costs the server 15 MB it mostly never needs.
 */
function stripper(): typeof transformSync {
  loadedStripper ??= (
    createRequire(import.meta.url)('amaro') as { transformSync: typeof transformSync }
  ).transformSync;
  return loadedStripper;
}

function tryStripTypes(code: string): string | undefined {
  try {
    return stripper()(code, { mode: 'strip-only' }).code;
  } catch {
    return undefined;
  }
}

function toSyntaxError(error: unknown): CodeSyntaxError {
  const loc = (error as { loc?: { line: number; column: number } }).loc;
  const message = (error as Error).message.replace(/ \(\d+:\d+\)$/, '');
  return new CodeSyntaxError(
    `${message}${loc ? ` at line ${loc.line}, column ${loc.column + 1}` : ''}`,
    loc?.line ?? 0,
    (loc?.column ?? 0) + 1,
  );
}

/**
 * `let a = 1, {b} = o` becomes `void ((a = 1), ({b} = o))`: the names are declared as globals by
 * the prologue instead. A `var` without a value keeps the old value, as `var` does.
 */
function rewriteDeclaration(
  source: string,
  declaration: acorn.VariableDeclaration,
  declared: Set<string>,
  isStatement: boolean,
): Edit {
  const assignments: string[] = [];
  for (const declarator of declaration.declarations) {
    for (const name of boundNames(declarator.id)) declared.add(name);
    const target = source.slice(declarator.id.start, declarator.id.end);
    if (declarator.init) {
      assignments.push(`(${target} = ${source.slice(declarator.init.start, declarator.init.end)})`);
    } else if (declaration.kind !== 'var') {
      assignments.push(`(${target} = undefined)`);
    }
  }
  const expression = assignments.length > 0 ? `void (${assignments.join(', ')})` : 'void 0';
  return {
    start: declaration.start,
    end: declaration.end,
    text: isStatement ? `${expression};` : expression,
  };
}

interface Hoisting {
  declared: Set<string>;
  blockFunctions: Set<string>;
  edits: Edit[];
}

/**
 * `var` inside top-level blocks and loops belongs to the top level too, and so does a function
 * declared in a top-level block (sloppy-mode scripts hoist it to the global object).
 */
function hoistNestedVars(source: string, node: Node, hoisting: Hoisting): void {
  const { declared, edits } = hoisting;
  const visit = (child: Node | null | undefined) => {
    if (child) hoistNestedVars(source, child, hoisting);
  };
  switch (node.type) {
    case 'VariableDeclaration':
      if (node.kind === 'var') edits.push(rewriteDeclaration(source, node, declared, true));
      return;
    case 'FunctionDeclaration':
      if (node.id) hoisting.blockFunctions.add(node.id.name);
      return;
    case 'BlockStatement':
      node.body.forEach(visit);
      return;
    case 'IfStatement':
      visit(node.consequent);
      visit(node.alternate);
      return;
    case 'ForStatement':
      if (node.init?.type === 'VariableDeclaration' && node.init.kind === 'var') {
        edits.push(rewriteDeclaration(source, node.init, declared, false));
      }
      visit(node.body);
      return;
    case 'ForInStatement':
    case 'ForOfStatement':
      if (node.left.type === 'VariableDeclaration' && node.left.kind === 'var') {
        const declarator = node.left.declarations[0];
        if (declarator) {
          for (const name of boundNames(declarator.id)) declared.add(name);
          const target = source.slice(declarator.id.start, declarator.id.end);
          edits.push({ start: node.left.start, end: node.left.end, text: target });
          // Legacy `for (var x = 1 in o)` assigns x before it evaluates o.
          if (declarator.init) {
            const init = source.slice(declarator.init.start, declarator.init.end);
            edits.push({
              start: node.right.start,
              end: node.right.start,
              text: `(${target} = ${init}, `,
            });
            edits.push({ start: node.right.end, end: node.right.end, text: ')' });
          }
        }
      }
      visit(node.body);
      return;
    case 'WhileStatement':
    case 'DoWhileStatement':
    case 'LabeledStatement':
    case 'WithStatement':
      visit(node.body);
      return;
    case 'TryStatement':
      visit(node.block);
      visit(node.handler?.body);
      visit(node.finalizer);
      return;
    case 'SwitchStatement':
      for (const switchCase of node.cases) switchCase.consequent.forEach(visit);
      return;
    default:
      return;
  }
}

function boundNames(pattern: acorn.Pattern): string[] {
  switch (pattern.type) {
    case 'Identifier':
      return [pattern.name];
    case 'ObjectPattern':
      return pattern.properties.flatMap((property) =>
        boundNames(property.type === 'RestElement' ? property.argument : property.value),
      );
    case 'ArrayPattern':
      return pattern.elements.flatMap((element) => (element ? boundNames(element) : []));
    case 'RestElement':
      return boundNames(pattern.argument);
    case 'AssignmentPattern':
      return boundNames(pattern.left);
    default:
      return [];
  }
}

function applyEdits(source: string, edits: Edit[]): string {
  let out = source;
  for (const edit of [...edits].sort((a, b) => b.start - a.start || b.end - a.end)) {
    out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
  }
  return out;
}
