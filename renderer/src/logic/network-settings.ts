import { MASKED_SECRET, type NetHeader, netHeaderProblem } from '../../../contract/net-policy.ts';
import { patternsOf } from './pattern-list.ts';

/**
 * A secret header in the settings form. The server never sends a saved header's value, so a kept
 * one has none here; `value` is the typed value of a header not saved yet, sent once.
 */
export interface HeaderRow {
  pattern: string;
  name: string;
  value?: string;
}

/** Saved headers as the form holds them: their (masked) values dropped. */
export const headerRows = (headers: readonly NetHeader[]): HeaderRow[] =>
  headers.map(({ pattern, name }) => ({ pattern, name }));

/** The headers to save: the mask for each kept one (the server puts its value back), new ones as typed. */
export const headersToSend = (rows: readonly HeaderRow[]): NetHeader[] =>
  rows.map(({ pattern, name, value }) => ({ pattern, name, value: value ?? MASKED_SECRET }));

/** The allowed hosts' text as patterns. */
export const allowNetPatterns = patternsOf;

const sameHeader = (a: HeaderRow, b: HeaderRow) =>
  a.pattern === b.pattern && a.name.toLowerCase() === b.name.toLowerCase();

/**
 * The rows with `header` added (replacing one with the same pattern and name, which is how a
 * saved secret gets a new value), or a sentence saying what is wrong with it (never its value).
 */
export function addHeader(rows: readonly HeaderRow[], typed: NetHeader): HeaderRow[] | string {
  const header = {
    pattern: typed.pattern.trim(),
    name: typed.name.trim(),
    value: typed.value.trim(),
  };
  // The mask would read as "keep the saved value" to the server.
  if (header.value === MASKED_SECRET) return `type the value of header ${header.name}`;
  const problem = netHeaderProblem(header);
  if (problem) return problem;
  const index = rows.findIndex((row) => sameHeader(row, header));
  return index < 0 ? [...rows, header] : rows.map((row, at) => (at === index ? header : row));
}

/** Whether the add row holds anything: Save adds it rather than dropping what was typed. */
export const isStarted = (typed: NetHeader) =>
  typed.pattern.trim() !== '' || typed.name.trim() !== '' || typed.value !== '';
