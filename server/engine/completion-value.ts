// A snippet's value is its completion value, as a script's is (eval, Node's REPL, a browser's
// console): `if (x) { 'y' }` is 'y'. The snippet runs as the body of a function, which has no
// completion value, so the rewrite keeps it in a hidden local: each expression statement that can
// give the value assigns it, and each statement that the language says completes with at least
// `undefined` (if, loops, switch, try, with) starts by setting it to undefined. Declarations give
// no value and leave it as it was, as in a script.
import type * as acorn from 'acorn';
import { replCalls } from '../sandbox/guest-calls.ts';
import type { Edit } from './prepare-code.ts';

type Statement = acorn.Statement | acorn.ModuleDeclaration;

const VALUE = replCalls.completion;

/** Where a statement stands: the reset goes before `start`, inside braces when it is `sole`. */
interface Slot {
  start: number;
  end: number;
  /** The body of an if, loop or with: one statement, so two need braces. */
  sole: boolean;
  /** False when nothing can have set the value since the parent set it to undefined. */
  reset: boolean;
}

/**
 * The edits that keep the completion value of the top-level statements `body` in the hidden
 * local (none when no statement can give a value other than undefined). A statement followed by
 * one that always gives a value cannot give the snippet's, so those need none.
 */
export function completionEdits(body: readonly Statement[]): Edit[] {
  const from = Math.max(0, body.findLastIndex(alwaysGivesValue));
  const edits: Edit[] = [];
  let finallies = 0;
  let expressions = 0;

  const reset = (slot: Slot) => {
    if (!slot.reset) return;
    const text = `${VALUE} = undefined; `;
    if (slot.sole) {
      // The closing brace first: an inner statement's edits at the same end come before it.
      edits.push({ start: slot.end, end: slot.end, text: ' }' });
      edits.push({ start: slot.start, end: slot.start, text: `{ ${text}` });
    } else {
      edits.push({ start: slot.start, end: slot.start, text });
    }
  };
  // Pushed after the block's own edits, so that it comes before them where they meet.
  const atBlockStart = (block: acorn.BlockStatement, text: string) =>
    edits.push({ start: block.start + 1, end: block.start + 1, text });
  const inList = (statement: Statement): Slot => ({ ...statement, sole: false, reset: true });
  const soleBody = (statement: Statement, afterReset: boolean): Slot => ({
    start: statement.start,
    end: statement.end,
    sole: true,
    reset: !afterReset,
  });

  const visit = (statement: Statement, slot: Slot): void => {
    switch (statement.type) {
      case 'ExpressionStatement': {
        expressions++;
        const { start, end } = statement.expression;
        edits.push({ start: end, end, text: ')' });
        edits.push({ start, end: start, text: `${VALUE} = (` });
        return;
      }
      case 'BlockStatement':
        for (const child of statement.body) visit(child, inList(child));
        return;
      case 'LabeledStatement':
        // The reset goes before the label: `continue label` must still name a loop.
        visit(statement.body, slot);
        return;
      case 'IfStatement':
        reset(slot);
        visit(statement.consequent, soleBody(statement.consequent, true));
        if (statement.alternate) visit(statement.alternate, soleBody(statement.alternate, true));
        return;
      case 'WithStatement':
        reset(slot);
        visit(statement.body, soleBody(statement.body, true));
        return;
      case 'ForStatement':
      case 'ForInStatement':
      case 'ForOfStatement':
      case 'WhileStatement':
      case 'DoWhileStatement':
        reset(slot);
        // Each time round, a nested if or loop starts again from undefined.
        visit(statement.body, soleBody(statement.body, false));
        return;
      case 'SwitchStatement':
        reset(slot);
        for (const switchCase of statement.cases) {
          for (const child of switchCase.consequent) visit(child, inList(child));
        }
        return;
      case 'TryStatement': {
        reset(slot);
        visit(statement.block, inList(statement.block));
        if (statement.handler) {
          // A caught error drops what the try block gave: the catch block's value counts.
          const body = statement.handler.body;
          visit(body, inList(body));
          atBlockStart(body, `${VALUE} = undefined; `);
        }
        if (statement.finalizer) {
          // A finally block that ends normally keeps the value the try or catch gave.
          const finalizer = statement.finalizer;
          const saved = `${VALUE}F${finallies++}`;
          const end = finalizer.end - 1;
          edits.push({ start: end, end, text: `;${VALUE} = ${saved}; ` });
          visit(finalizer, inList(finalizer));
          atBlockStart(finalizer, `const ${saved} = ${VALUE}; `);
        }
        return;
      }
      default:
        // Declarations, empty statements, debugger, break and continue give no value.
        return;
    }
  };

  for (const statement of body.slice(from)) visit(statement, inList(statement));
  // Without an expression statement the value is undefined whatever runs.
  return expressions > 0 ? edits : [];
}

/** Statements that complete with a value (at least undefined) whenever they complete normally. */
function alwaysGivesValue(statement: Statement): boolean {
  switch (statement.type) {
    case 'ExpressionStatement':
    case 'IfStatement':
    case 'WithStatement':
    case 'ForStatement':
    case 'ForInStatement':
    case 'ForOfStatement':
    case 'WhileStatement':
    case 'DoWhileStatement':
    case 'SwitchStatement':
    case 'TryStatement':
      return true;
    default:
      return false;
  }
}
