import { type Budget, clip, docComment, inComment, propertyKey, quote, spend } from './ts-text.ts';

// A tool's JSON Schema as a TypeScript type, for the declarations list_mcp_tools gives a model. The
// schemas come from upstream servers, which may be hostile:
// - every key is read as an own property, so `__proto__` or `constructor` is a name like any other;
// - a `$ref` is followed only inside the schema: nothing is ever read or fetched; a pointer is
//   resolved once a tool, its length paid from the budget, and a longer one than
//   SCHEMA_LIMITS.refChars is unknown, so many properties naming deep pointers stay cheap;
// - the depth, the enum members shown and the bytes written are bounded, and every loop stops
//   once the budget is spent, so a huge, deep or cyclic schema ends fast.
// What is cut or not understood becomes `unknown` (or an index signature), never a narrower type.

export const SCHEMA_LIMITS = {
  depth: 12,
  bytes: 64 * 1024,
  enumMembers: 50,
  refChars: 1024,
} as const;

/** A tool's budget: what is cut leaves open types that still close, each with a marker line, so
 *  room for those (at most one a level of depth) is kept out of the budget. */
export const toolBudget = (): Budget => ({ bytes: SCHEMA_LIMITS.bytes - 2048 });

export interface SchemaToTsOptions {
  /** Shared with the rest of a tool's text; a fresh toolBudget() without it. */
  budget?: Budget;
  /** The column the type starts at: its later lines are indented from there. */
  indent?: number;
}

export function schemaToTs(schema: unknown, options: SchemaToTsOptions = {}): string {
  const budget = options.budget ?? toolBudget();
  // The root is being expanded, so a `$ref` to `#` is already a cycle.
  const cx = { root: schema, budget, refs: ['#'], resolved: new Map() };
  return render(cx, schema, 0, options.indent ?? 0).text;
}

type Schema = Record<string, unknown>;
/** A type and its top operator, which decides the parentheses around it. */
interface Ts {
  text: string;
  op?: '|' | '&';
}
interface Context {
  root: unknown;
  budget: Budget;
  refs: string[];
  /** Each pointer's target, found once. */
  resolved: Map<string, unknown>;
}

const UNKNOWN: Ts = { text: 'unknown' };
const PRIMITIVES = new Map([
  ['string', 'string'],
  ['number', 'number'],
  ['integer', 'number'],
  ['boolean', 'boolean'],
  ['null', 'null'],
]);

const isSchema = (value: unknown): value is Schema =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const own = (value: unknown, key: string): unknown =>
  isSchema(value) && Object.hasOwn(value, key) ? value[key] : undefined;
const word = (cx: Context, text: string): Ts => (spend(cx.budget, text) ? { text } : UNKNOWN);
const paren = (ts: Ts): string => (ts.op ? `(${ts.text})` : ts.text);

function render(cx: Context, schema: unknown, depth: number, indent: number): Ts {
  if (schema === false) return word(cx, 'never');
  if (cx.budget.bytes <= 0) return UNKNOWN;
  if (!isSchema(schema) || depth >= SCHEMA_LIMITS.depth) return word(cx, 'unknown');
  const ref = own(schema, '$ref');
  const parts: Ts[] = [];
  if (typeof ref === 'string') parts.push(reference(cx, ref, depth, indent));
  else {
    const base = baseType(cx, schema, depth, indent);
    if (base) parts.push(base);
    const next = (member: unknown) => render(cx, member, depth + 1, indent);
    parts.push(...(each(cx, own(schema, 'allOf'), ' & ', next) ?? []));
    for (const key of ['anyOf', 'oneOf']) {
      const members = each(cx, own(schema, key), ' | ', next);
      if (members) parts.push(union(members));
    }
  }
  const ts = parts.length > 0 ? intersection(parts) : word(cx, 'unknown');
  return own(schema, 'nullable') === true ? union([ts, word(cx, 'null')]) : ts;
}

/** Renders the members of a list until the budget is spent; `undefined` when it is no list. */
function each(cx: Context, list: unknown, separator: string, one: (item: unknown) => Ts) {
  if (!Array.isArray(list)) return undefined;
  const out: Ts[] = [];
  for (const item of list) {
    // A union cut short is only known to be `unknown`; an intersection cut short is looser.
    if (out.length > 0 && !spend(cx.budget, separator))
      return separator === ' | ' ? [...out, UNKNOWN] : out;
    out.push(one(item));
  }
  return out;
}

function union(parts: readonly Ts[]): Ts {
  const texts = [...new Set(parts.map((part) => part.text))];
  if (texts.includes('unknown')) return UNKNOWN;
  if (texts.length === 0) return { text: 'never' };
  return texts.length === 1
    ? (parts.find((p) => p.text === texts[0]) ?? UNKNOWN)
    : join(parts, '|');
}

function intersection(parts: readonly Ts[]): Ts {
  const kept = parts.filter((part) => part.text !== 'unknown');
  const texts = [...new Set(kept.map((part) => part.text))];
  if (texts.length === 0) return UNKNOWN;
  return texts.length === 1 ? (kept.find((p) => p.text === texts[0]) ?? UNKNOWN) : join(kept, '&');
}

function join(parts: readonly Ts[], op: '|' | '&'): Ts {
  const texts = [
    ...new Set(parts.map((part) => (op === '&' && part.op === '|' ? paren(part) : part.text))),
  ];
  return { text: texts.join(` ${op} `), op };
}

function baseType(cx: Context, schema: Schema, depth: number, indent: number): Ts | undefined {
  if (Object.hasOwn(schema, 'const')) return word(cx, literal(schema.const));
  const values = own(schema, 'enum');
  if (Array.isArray(values)) return enumType(cx, values);
  const type = own(schema, 'type');
  let names: unknown[];
  if (Array.isArray(type)) names = [...new Set(type)];
  else if (type !== undefined) names = [type];
  else if (
    own(schema, 'properties') !== undefined ||
    own(schema, 'additionalProperties') !== undefined
  )
    names = ['object'];
  else if (own(schema, 'items') !== undefined || own(schema, 'prefixItems') !== undefined)
    names = ['array'];
  else return undefined;
  const one = (name: unknown): Ts => {
    if (name === 'object') return objectType(cx, schema, depth, indent);
    if (name === 'array') return arrayType(cx, schema, depth, indent);
    const primitive = typeof name === 'string' ? PRIMITIVES.get(name) : undefined;
    return word(cx, primitive ?? 'unknown');
  };
  return union(each(cx, names, ' | ', one) ?? []);
}

/** A JSON value as a literal type; objects and arrays are `unknown`. */
function literal(value: unknown): string {
  if (typeof value === 'string') return quote(value);
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'number';
  if (typeof value === 'boolean' || value === null) return String(value);
  return 'unknown';
}

const kindOf = (value: unknown): string => {
  if (value === null) return 'null';
  const kind = typeof value;
  return kind === 'string' || kind === 'number' || kind === 'boolean' ? kind : 'unknown';
};

/** The first members as literals; the rest only by their kinds, so the type stays wide enough. */
function enumType(cx: Context, values: readonly unknown[]): Ts {
  const parts: Ts[] = [];
  for (const value of values.slice(0, SCHEMA_LIMITS.enumMembers)) {
    const text = literal(value);
    if (!spend(cx.budget, `${text} | `)) break;
    parts.push({ text });
  }
  const rest = values.length - parts.length;
  if (rest === 0) return union(parts);
  for (const kind of new Set(values.slice(parts.length).map(kindOf))) parts.push(word(cx, kind));
  const ts = union(parts);
  if (ts.text === 'unknown') return ts;
  const more = ` /* ${rest} more values */`;
  spend(cx.budget, more);
  return { text: `${ts.text}${more}`, op: ts.op };
}

function objectType(cx: Context, schema: Schema, depth: number, indent: number): Ts {
  const properties = own(schema, 'properties');
  const extra = own(schema, 'additionalProperties');
  // Without properties or additionalProperties any object passes, and `{}` would read as none.
  if (!isSchema(properties) && extra === undefined) return word(cx, '{ [key: string]: unknown }');
  const { lines, cut } = isSchema(properties)
    ? propertyLines(cx, schema, properties, depth, indent)
    : { lines: [], cut: false };
  const open = extra === true || isSchema(extra);
  if (open && lines.length === 0) {
    const value = render(cx, extra, depth + 1, indent).text;
    spend(cx.budget, '{ [key: string]:  }');
    return { text: `{ [key: string]: ${value} }` };
  }
  if (open && !cut) {
    // Beside properties an index signature would have to cover their types too, so it says
    // unknown and its JSDoc says what the other keys hold.
    const pad = ' '.repeat(indent + 2);
    const value = render(cx, extra, depth + 1, indent + 2).text;
    const doc = value === 'unknown' ? '' : docComment([`Any other key: ${value}`], pad);
    const line = `${doc}${pad}[key: string]: unknown;`;
    spend(cx.budget, line);
    lines.push(line);
  }
  const pad = ' '.repeat(indent);
  spend(cx.budget, `{\n\n${pad}}`);
  return { text: lines.length === 0 ? '{}' : `{\n${lines.join('\n')}\n${pad}}` };
}

/** One line a property, with its JSDoc; past the budget, a last line says how many are left out. */
function propertyLines(
  cx: Context,
  schema: Schema,
  properties: Schema,
  depth: number,
  indent: number,
): { lines: string[]; cut: boolean } {
  const required = own(schema, 'required');
  const needed = new Set(Array.isArray(required) ? required : []);
  const pad = ' '.repeat(indent + 2);
  const keys = Object.keys(properties);
  const lines: string[] = [];
  for (const [i, key] of keys.entries()) {
    const value = properties[key];
    const doc = docComment(docLines(cx, value), pad);
    const head = `${pad}${propertyKey(key)}${needed.has(key) ? '' : '?'}: `;
    if (!spend(cx.budget, `${doc}${head};\n`)) {
      const left = keys.length - i;
      lines.push(
        `${pad}/* ${left} more ${left === 1 ? 'property' : 'properties'} cut */ [key: string]: unknown;`,
      );
      return { lines, cut: true };
    }
    lines.push(`${doc}${head}${render(cx, value, depth + 1, indent + 2).text};`);
  }
  return { lines, cut: false };
}

/** description, format, default, minimum and maximum, from the schema or else the one its `$ref`
 *  names. A description takes at most a quarter of the budget left, so the types keep room. */
function docLines(cx: Context, schema: unknown): string[] {
  const ref = own(schema, '$ref');
  const target = typeof ref === 'string' ? resolve(cx, ref) : undefined;
  const has = (key: string) => own(schema, key) !== undefined || own(target, key) !== undefined;
  const get = (key: string) => own(schema, key) ?? own(target, key);
  const lines: string[] = [];
  const description = get('description');
  if (typeof description === 'string' && description.trim())
    lines.push(clip(description.trim(), Math.floor(cx.budget.bytes / 4)));
  const format = get('format');
  if (typeof format === 'string') lines.push(`@format ${clip(format, 100)}`);
  if (has('default')) lines.push(`@default ${clip(json(get('default')), 200)}`);
  for (const key of ['minimum', 'maximum']) {
    const bound = get(key);
    if (typeof bound === 'number') lines.push(`@${key} ${bound}`);
  }
  return lines;
}

function json(value: unknown): string {
  try {
    return JSON.stringify(value) ?? 'undefined';
  } catch {
    return '(not JSON)';
  }
}

function arrayType(cx: Context, schema: Schema, depth: number, indent: number): Ts {
  const prefix = own(schema, 'prefixItems');
  const items = own(schema, 'items');
  const next = (item: unknown) => render(cx, item, depth + 1, indent);
  // 2020-12 gives a tuple as prefixItems and its rest as items; draft-07 as items and additionalItems.
  const tuple = Array.isArray(prefix) ? prefix : Array.isArray(items) ? items : undefined;
  if (!tuple) {
    const element = items === undefined ? word(cx, 'unknown') : next(items);
    spend(cx.budget, '()[]');
    return { text: `${paren(element)}[]` };
  }
  const members = each(cx, tuple, ', ', next) ?? [];
  const rest = Array.isArray(prefix) ? items : own(schema, 'additionalItems');
  const cut = members.length < tuple.length;
  const texts = members.map((member) => member.text);
  if (cut || rest !== false) texts.push(`...${cut ? 'unknown' : paren(next(rest))}[]`);
  spend(cx.budget, '[...[]]');
  return { text: `[${texts.join(', ')}]` };
}

/** A local `$ref` inlined; one to a schema being expanded is a cycle, and any other is unknown. */
function reference(cx: Context, ref: string, depth: number, indent: number): Ts {
  if (cx.refs.includes(ref)) {
    const name = ref === '#' ? 'schema' : pointerKey(ref.slice(ref.lastIndexOf('/') + 1));
    return word(cx, `unknown /* recursive ${inComment(clip(name ?? '?', 60))} */`);
  }
  const target = resolve(cx, ref);
  if (target === undefined) return word(cx, 'unknown');
  cx.refs.push(ref);
  try {
    return render(cx, target, depth + 1, indent);
  } finally {
    cx.refs.pop();
  }
}

/** The schema a JSON pointer `#/…` names inside the root, through own properties only: found
 *  once, paying the pointer's length from the budget; a pointer longer than the limit, or one
 *  found once the budget is spent, names nothing. */
function resolve(cx: Context, ref: string): unknown {
  if (ref === '#') return cx.root;
  if (cx.resolved.has(ref)) return cx.resolved.get(ref);
  const found =
    ref.length <= SCHEMA_LIMITS.refChars && spend(cx.budget, ref)
      ? follow(cx.root, ref)
      : undefined;
  cx.resolved.set(ref, found);
  return found;
}

function follow(root: unknown, ref: string): unknown {
  if (!ref.startsWith('#/')) return undefined;
  let node = root;
  for (const segment of ref.slice(2).split('/')) {
    const key = pointerKey(segment);
    if (key === undefined || typeof node !== 'object' || node === null || !Object.hasOwn(node, key))
      return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/** A JSON pointer's segment as the key it names, or `undefined` when it is not well encoded. */
function pointerKey(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment).replaceAll('~1', '/').replaceAll('~0', '~');
  } catch {
    return undefined;
  }
}
