import { type ReactNode, useState } from 'react';
import { MASKED_SECRET } from '../../../contract/net-policy.ts';
import {
  keptValuesLost,
  type McpServerRow,
  newSecretRow,
  newServerRow,
  type SecretRow,
} from '../logic/mcp-settings.ts';
import { McpImportDialog, type McpImportProps } from './McpImportDialog.tsx';
import { McpJsonDialog } from './McpJsonDialog.tsx';

interface Props {
  label: string;
  rows: McpServerRow[];
  onChange: (rows: McpServerRow[]) => void;
  /** What is wrong, as typed or as the server said; the hint under it. */
  problem: ReactNode;
  hint: ReactNode;
  invalid: boolean;
  import: McpImportProps;
}

/**
 * The user's other MCP servers, a group of fields per server, their env or header values never
 * shown (the page never has the saved ones), with a server to add, the same servers as JSON to
 * edit or paste, and an import from an MCP client's config.
 */
export function McpServersField({
  label,
  rows,
  onChange,
  problem,
  hint,
  invalid,
  ...props
}: Props) {
  const [dialog, setDialog] = useState<'json' | 'import'>();
  const change = (row: McpServerRow, changes: Partial<McpServerRow>) =>
    onChange(rows.map((other) => (other === row ? { ...row, ...changes } : other)));
  return (
    <div className="field top">
      <span>{label}</span>
      <div className="mcp-servers">
        {rows.length === 0 && <p className="meta">None: code cannot call other MCP servers.</p>}
        {rows.map((row, index) => (
          <ServerFields
            key={row.id}
            row={row}
            first={index === 0}
            invalid={invalid}
            onChange={(changes) => change(row, changes)}
            onRemove={() => onChange(rows.filter((other) => other !== row))}
          />
        ))}
        <div className="row">
          <button
            type="button"
            className="secondary"
            {...(rows.length === 0 && { id: 'setting-mcpServers' })}
            onClick={() => onChange([...rows, newServerRow()])}
          >
            Add server
          </button>
          <button type="button" className="secondary" onClick={() => setDialog('import')}>
            Import from…
          </button>
          <button type="button" className="secondary" onClick={() => setDialog('json')}>
            Edit as JSON
          </button>
        </div>
        {problem}
        {hint}
        <p className="hint">
          Env and header values are secrets: code in the sandbox never sees them, and this window
          shows them masked. Type a value again to change it.
        </p>
      </div>
      {dialog === 'json' && (
        <McpJsonDialog rows={rows} onApply={onChange} onClose={() => setDialog(undefined)} />
      )}
      {dialog === 'import' && (
        <McpImportDialog {...props.import} onClose={() => setDialog(undefined)} />
      )}
    </div>
  );
}

function ServerFields({
  row,
  first,
  invalid,
  onChange,
  onRemove,
}: {
  row: McpServerRow;
  first: boolean;
  invalid: boolean;
  onChange: (changes: Partial<McpServerRow>) => void;
  onRemove: () => void;
}) {
  const id = `mcp-server-${row.id}`;
  const name = row.name.trim() || 'new server';
  const stdio = row.transport === 'stdio';
  const described = invalid
    ? { 'aria-invalid': true, 'aria-describedby': 'problem-mcpServers' }
    : {};
  return (
    <fieldset className="mcp-server">
      <legend>{name}</legend>
      <label>
        Name
        <input
          {...(first && { id: 'setting-mcpServers' })}
          value={row.name}
          spellCheck={false}
          autoComplete="off"
          {...described}
          onChange={(event) => onChange({ name: event.target.value })}
        />
      </label>
      <label>
        Runs as
        <select
          value={row.transport}
          onChange={(event) =>
            onChange({ transport: event.target.value as McpServerRow['transport'] })
          }
        >
          <option value="stdio">stdio: a command it starts</option>
          <option value="http">HTTP: a URL it connects to</option>
        </select>
      </label>
      {stdio ? (
        <>
          <label className="wide">
            Command
            <input
              value={row.command}
              spellCheck={false}
              autoComplete="off"
              placeholder="npx"
              onChange={(event) => onChange({ command: event.target.value })}
            />
          </label>
          <label className="wide">
            Arguments, one a line
            <textarea
              className="json"
              rows={2}
              value={row.args}
              spellCheck={false}
              onChange={(event) => onChange({ args: event.target.value })}
            />
          </label>
        </>
      ) : (
        <label className="wide">
          URL
          <input
            type="url"
            value={row.url}
            spellCheck={false}
            autoComplete="off"
            placeholder="https://example.com/mcp"
            onChange={(event) => onChange({ url: event.target.value })}
          />
        </label>
      )}
      <SecretFields
        id={id}
        row={row}
        server={name}
        noun={stdio ? 'variable' : 'header'}
        rows={row.secrets}
        onChange={(secrets) => onChange({ secrets })}
      />
      <label className="wide">
        Allowed tools, one pattern a line (* any text, !pattern excludes; none: every tool)
        <textarea
          className="json"
          rows={2}
          value={row.allowTools}
          spellCheck={false}
          onChange={(event) => onChange({ allowTools: event.target.value })}
        />
      </label>
      <div className="row wide">
        <label className="check">
          <input
            type="checkbox"
            checked={row.disabled}
            onChange={(event) => onChange({ disabled: event.target.checked })}
          />
          Disabled
        </label>
        <button
          type="button"
          className="secondary small"
          aria-label={`Remove server ${name}`}
          onClick={onRemove}
        >
          Remove server
        </button>
      </div>
    </fieldset>
  );
}

/**
 * A server's env variables or headers. A value's input is uncontrolled: React mirrors a
 * controlled input's value into the `value` attribute, which would put the secret in the page's
 * markup; what is typed goes to the row, to be sent once.
 */
function SecretFields({
  id,
  row: serverRow,
  server,
  noun,
  rows,
  onChange,
}: {
  id: string;
  row: McpServerRow;
  server: string;
  noun: 'variable' | 'header';
  rows: SecretRow[];
  onChange: (rows: SecretRow[]) => void;
}) {
  const change = (row: SecretRow, changes: Partial<SecretRow>) =>
    onChange(rows.map((other) => (other === row ? { ...row, ...changes } : other)));
  const lost = keptValuesLost(serverRow);
  const title = noun === 'variable' ? 'Environment variables' : 'Headers';
  return (
    <div className="wide">
      <span id={`${id}-secrets`} className="secrets-title">
        {title}
      </span>
      {rows.length > 0 && (
        <table className="secret-headers" aria-labelledby={`${id}-secrets`}>
          <thead>
            <tr>
              <th scope="col">{noun === 'variable' ? 'Name' : 'Header'}</th>
              <th scope="col">Value</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <SecretRowFields
                key={row.id}
                id={`${id}-${row.id}`}
                server={server}
                noun={noun}
                row={row}
                retype={row.value === undefined && lost}
                onChange={(changes) => change(row, changes)}
                onRemove={() => onChange(rows.filter((other) => other !== row))}
              />
            ))}
          </tbody>
        </table>
      )}
      <button
        type="button"
        className="secondary small"
        onClick={() => onChange([...rows, newSecretRow()])}
      >
        Add {noun}
      </button>
    </div>
  );
}

function SecretRowFields({
  id,
  server,
  noun,
  row,
  retype,
  onChange,
  onRemove,
}: {
  id: string;
  server: string;
  noun: 'variable' | 'header';
  row: SecretRow;
  /** The kept value would be lost on saving (keptValuesLost). */
  retype: boolean;
  onChange: (changes: Partial<SecretRow>) => void;
  onRemove: () => void;
}) {
  // A saved value is kept again when what was typed over it is cleared.
  const [saved] = useState(row.value === undefined);
  const key = row.key.trim() || `new ${noun}`;
  return (
    <tr>
      <td>
        <input
          aria-label={`${noun === 'variable' ? 'Variable' : 'Header'} name of ${server}`}
          value={row.key}
          spellCheck={false}
          autoComplete="off"
          onChange={(event) => onChange({ key: event.target.value })}
        />
      </td>
      <td>
        <input
          type="password"
          aria-label={`Value of ${key} of ${server}`}
          autoComplete="off"
          placeholder={row.value === undefined ? MASKED_SECRET : ''}
          aria-describedby={`${id}-state`}
          onChange={(event) => {
            const typed = event.target.value;
            onChange({ value: typed === '' && saved ? undefined : typed });
          }}
        />
        {retype ? (
          <span className="problem" id={`${id}-state`}>
            Type it again: a saved value is kept only while its server's name,{' '}
            {noun === 'variable'
              ? 'command, args, folder and other variables'
              : 'URL and other headers'}{' '}
            stay as saved.
          </span>
        ) : (
          <span className="meta" id={`${id}-state`}>
            {row.value === undefined ? ' saved value kept' : ' not saved yet'}
          </span>
        )}
      </td>
      <td>
        <button
          type="button"
          className="secondary small"
          aria-label={`Remove ${noun} ${key} of ${server}`}
          onClick={onRemove}
        >
          Remove
        </button>
      </td>
    </tr>
  );
}
