import { useRef, useState } from 'react';
import { MASKED_SECRET } from '../../../contract/net-policy.ts';
import { addHeader, type HeaderRow, isStarted } from '../logic/network-settings.ts';

/**
 * The row that adds a secret header. Its value field is uncontrolled: React mirrors a controlled
 * input's value into the `value` attribute, which would put the secret in the page's markup.
 */
export function useNewHeader() {
  const [pattern, setPattern] = useState('');
  const [name, setName] = useState('');
  const [problem, setProblem] = useState<string>();
  const value = useRef<HTMLInputElement>(null);
  const clear = () => {
    setPattern('');
    setName('');
    setProblem(undefined);
    if (value.current) value.current.value = '';
  };
  /**
   * `rows` with the typed header added and the row cleared; `rows` as they are when nothing was
   * typed; undefined when the typed header is wrong (the row says why).
   */
  const take = (rows: HeaderRow[]): HeaderRow[] | undefined => {
    const typed = { pattern, name, value: value.current?.value ?? '' };
    if (!isStarted(typed)) return rows;
    const added = addHeader(rows, typed);
    if (typeof added === 'string') {
      setProblem(added);
      return undefined;
    }
    clear();
    return added;
  };
  return { pattern, setPattern, name, setName, problem, value, take, clear };
}

interface Props {
  label: string;
  rows: HeaderRow[];
  onChange: (rows: HeaderRow[]) => void;
  newHeader: ReturnType<typeof useNewHeader>;
  /** What the server said is wrong with the headers. */
  problem?: string;
}

/** The secret headers, their values never shown (the page never has the saved ones), and a row to add one. */
export function SecretHeaders({ label, rows, onChange, newHeader, problem }: Props) {
  const add = () => {
    const added = newHeader.take(rows);
    if (added && added !== rows) onChange(added);
  };
  // Enter in the add row adds the header rather than saving the whole form.
  const onEnter = (event: React.KeyboardEvent) => {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    add();
  };
  const described = newHeader.problem
    ? { 'aria-invalid': true, 'aria-describedby': 'problem-new-header' }
    : {};
  return (
    <div className="field top">
      <span id="secret-headers-label">{label}</span>
      <div>
        {rows.length === 0 ? (
          <p className="meta">None.</p>
        ) : (
          <table className="secret-headers" aria-labelledby="secret-headers-label">
            <thead>
              <tr>
                <th scope="col">Host pattern</th>
                <th scope="col">Header</th>
                <th scope="col">Value</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={`${row.pattern}\n${row.name.toLowerCase()}`}>
                  <td>
                    <code>{row.pattern}</code>
                  </td>
                  <td>{row.name}</td>
                  <td className="masked">
                    <span aria-hidden="true">{MASKED_SECRET}</span>
                    <span className="visually-hidden">hidden</span>
                    {row.value !== undefined && <span className="meta"> (not saved yet)</span>}
                  </td>
                  <td>
                    <button
                      type="button"
                      className="secondary small"
                      aria-label={`Remove header ${row.name} for ${row.pattern}`}
                      onClick={() => onChange(rows.filter((other) => other !== row))}
                    >
                      Remove
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {problem && (
          <p className="problem" id="problem-netHeaders" role="alert">
            {problem}
          </p>
        )}
        <fieldset className="add-header">
          <legend className="visually-hidden">Add secret header</legend>
          <label>
            Host pattern
            <input
              value={newHeader.pattern}
              placeholder="api.example.com"
              onChange={(event) => newHeader.setPattern(event.target.value)}
              onKeyDown={onEnter}
              {...described}
            />
          </label>
          <label>
            Header name
            <input
              value={newHeader.name}
              placeholder="Authorization"
              onChange={(event) => newHeader.setName(event.target.value)}
              onKeyDown={onEnter}
              {...described}
            />
          </label>
          <label>
            Value
            <input
              ref={newHeader.value}
              type="password"
              autoComplete="off"
              onKeyDown={onEnter}
              {...described}
            />
          </label>
          <button type="button" className="secondary" onClick={add}>
            Add secret header
          </button>
        </fieldset>
        {newHeader.problem && (
          <p className="problem" id="problem-new-header" role="alert">
            {newHeader.problem}
          </p>
        )}
        <p className="hint">
          The server adds these headers to requests for matching hosts; code in the sandbox never
          sees them, and this window shows their values masked. Adding one with the same pattern and
          name replaces its value.
        </p>
      </div>
    </div>
  );
}
