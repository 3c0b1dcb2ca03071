import { type RefObject, useState } from 'react';
import { baseUnitOf } from '../../../contract/human-units.ts';
import { type SettingKey, settingOf } from '../../../contract/settings-registry.ts';
import type { McpServerRow } from '../logic/mcp-settings.ts';
import type { HeaderRow } from '../logic/network-settings.ts';
import { type NpmTokenDraft, tokenStaysBehind } from '../logic/package-settings.ts';
import { settingHint } from '../logic/setting-hints.ts';
import { type Draft, typedProblems } from '../logic/settings-form.ts';
import { CopyButton } from './CopyButton.tsx';
import type { McpImportProps } from './McpImportDialog.tsx';
import { McpServersField } from './McpServersField.tsx';
import { NpmTokenField } from './NpmTokenField.tsx';
import { SecretHeaders, type useNewHeader } from './SecretHeaders.tsx';

/** What every field of the form shares. */
export interface FormState {
  draft: Draft;
  change: (changes: Partial<Draft>) => void;
  /** What the server said is wrong, by setting. */
  problems: Partial<Record<string, string>>;
  /** The registry as saved: a token set for it does not follow it elsewhere. */
  savedRegistry: string;
  newHeader: ReturnType<typeof useNewHeader>;
  /** The input a new registry token is typed in (never held in the draft). */
  tokenInput: RefObject<HTMLInputElement | null>;
  tokenProblem?: string;
  mcpImport: McpImportProps;
}

/** One setting, as its declaration says: its label, help and an input for its kind. */
export function SettingField({ setting, form }: { setting: SettingKey; form: FormState }) {
  const declaration = settingOf(setting);
  const { draft, change, problems } = form;
  const value = draft[setting];
  const set = (next: Draft[SettingKey]) => change({ [setting]: next });
  const { label } = declaration;
  // Checked as typed; the server's word stands until the text is fixed.
  const typed = typedProblems(setting, draft);
  const shown = typed.length > 0 ? typed : problems[setting] ? [problems[setting]] : [];
  const problem = shown.length > 0 && (
    <div className="problem" id={`problem-${setting}`} role="alert">
      {shown.map((text) => (
        <p key={text}>{text}</p>
      ))}
    </div>
  );
  const hintText = settingHint(setting, value);
  const hint = hintText !== undefined && (
    <p className="hint" id={`${setting}-hint`}>
      {hintText}
    </p>
  );
  const described = {
    'aria-invalid': shown.length > 0 ? true : undefined,
    'aria-describedby':
      [hint && `${setting}-hint`, shown.length > 0 && `problem-${setting}`]
        .filter(Boolean)
        .join(' ') || undefined,
  };
  const text = (type: string) => (
    <input
      id={`setting-${setting}`}
      type={type}
      value={value as string}
      {...described}
      onChange={(event) => set(event.target.value)}
    />
  );
  const field = (input: React.ReactNode) => (
    <div className="field">
      <label htmlFor={`setting-${setting}`} title={declaration.help}>
        {label}
      </label>
      {input}
      {problem}
      {hint}
    </div>
  );
  switch (declaration.kind) {
    case 'int':
      // A size or a duration is typed with its unit (`2 MiB`, `1.5 min`).
      return field(text(baseUnitOf(declaration) ? 'text' : 'number'));
    case 'text':
      return field(text('text'));
    case 'url':
      return field(text('url'));
    case 'token':
      return field(<BearerToken value={value as string} input={text} onChange={set} />);
    case 'bool':
      return (
        <div className="field">
          <span />
          <label className="check" title={declaration.help}>
            <input
              type="checkbox"
              checked={value as boolean}
              onChange={(event) => set(event.target.checked)}
            />
            {label}
          </label>
          {problem}
        </div>
      );
    case 'origins':
    case 'netPatterns':
    case 'packagePatterns':
      return (
        <div className="field top">
          <label htmlFor={`setting-${setting}`}>{label}</label>
          <textarea
            id={`setting-${setting}`}
            rows={3}
            value={value as string}
            placeholder={declaration.none}
            {...described}
            onChange={(event) => set(event.target.value)}
          />
          {problem}
          {hint}
        </div>
      );
    case 'mcpServers':
      return (
        <McpServersField
          label={label}
          rows={value as McpServerRow[]}
          onChange={set}
          problem={problem}
          hint={hintText !== undefined && <p className="hint">{hintText}</p>}
          invalid={shown.length > 0}
          import={form.mcpImport}
        />
      );
    case 'netHeaders':
      return (
        <SecretHeaders
          label={label}
          rows={value as HeaderRow[]}
          onChange={set}
          newHeader={form.newHeader}
          problem={problems[setting]}
        />
      );
    case 'registryToken':
      return (
        <NpmTokenField
          label={label}
          token={value as NpmTokenDraft}
          onChange={set}
          input={form.tokenInput}
          problem={form.tokenProblem ?? problems[setting]}
          staysBehind={tokenStaysBehind(form.savedRegistry, draft)}
        />
      );
  }
}

/** The bearer token: typed or generated, hidden unless shown. */
function BearerToken(props: {
  value: string;
  input: (type: string) => React.ReactNode;
  onChange: (token: string) => void;
}) {
  const [showToken, setShowToken] = useState(false);
  return (
    <span className="row">
      {props.input(showToken ? 'text' : 'password')}
      <button type="button" className="secondary small" onClick={() => setShowToken(!showToken)}>
        {showToken ? 'Hide' : 'Show'}
      </button>
      <button
        type="button"
        className="secondary small"
        onClick={() => {
          props.onChange(newToken());
          setShowToken(true);
        }}
      >
        Generate
      </button>
      {props.value && <CopyButton text={props.value} label="token" />}
    </span>
  );
}

function newToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  return btoa(String.fromCharCode(...bytes))
    .replaceAll('+', '-')
    .replaceAll('/', '_')
    .replace(/=+$/, '');
}
