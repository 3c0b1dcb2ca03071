import { useEffect, useState } from 'react';
import type { DesktopClient } from '../../../contract/desktop-client.ts';
import type { Settings } from '../../../contract/setting-definitions.ts';
import { CopyButton } from './CopyButton.tsx';

type Draft = Record<Exclude<keyof Settings, 'streamableHttp' | 'sse'>, string> & {
  streamableHttp: boolean;
  sse: boolean;
};

const NUMBER_FIELDS: [Exclude<keyof Settings, 'streamableHttp' | 'sse'>, string, string][] = [
  ['timeoutMs', 'Run timeout', 'ms'],
  ['memoryMb', 'Memory per session', 'MiB'],
  ['outputBytes', 'Output per run', 'bytes'],
  ['codeBytes', 'Code per run', 'bytes'],
  ['maxBodyBytes', 'Largest request body', 'bytes'],
  ['maxConnections', 'Most connections', ''],
  ['idleTimeoutMs', 'Close idle connections after', 'ms'],
];

const toDraft = (settings: Settings): Draft => ({
  host: settings.host,
  port: String(settings.port),
  token: settings.token ?? '',
  corsOrigins: settings.corsOrigins.join('\n'),
  streamableHttp: settings.streamableHttp,
  sse: settings.sse,
  maxBodyBytes: String(settings.maxBodyBytes),
  maxConnections: String(settings.maxConnections),
  idleTimeoutMs: String(settings.idleTimeoutMs),
  timeoutMs: String(settings.timeoutMs),
  memoryMb: String(settings.memoryMb),
  outputBytes: String(settings.outputBytes),
  codeBytes: String(settings.codeBytes),
});

/** The form's text as settings values; numbers that are not numbers go through as text. */
function fromDraft(draft: Draft): Partial<Settings> {
  const number = (text: string) => (/^\d+$/.test(text.trim()) ? Number(text) : text);
  return {
    host: draft.host.trim(),
    port: number(draft.port) as number,
    ...(draft.token.trim() ? { token: draft.token.trim() } : {}),
    corsOrigins: draft.corsOrigins
      .split(/[\n,]/)
      .map((origin) => origin.trim())
      .filter(Boolean),
    streamableHttp: draft.streamableHttp,
    sse: draft.sse,
    ...Object.fromEntries(NUMBER_FIELDS.map(([key]) => [key, number(draft[key])])),
  };
}

function newToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  return btoa(String.fromCharCode(...bytes))
    .replaceAll('+', '-')
    .replaceAll('/', '_')
    .replace(/=+$/, '');
}

interface Props {
  client: DesktopClient;
  dataDir?: string;
  /** The server moved to another address (host or port changed): follow it. */
  onServerMoved: (url: string) => void;
}

export function SettingsView({ client, dataDir, onServerMoved }: Props) {
  const [saved, setSaved] = useState<Settings>();
  const [draft, setDraft] = useState<Draft>();
  const [problems, setProblems] = useState<Partial<Record<string, string>>>({});
  const [notice, setNotice] = useState<string>();
  const [showToken, setShowToken] = useState(false);
  useEffect(() => {
    client.getSettings({}).then(
      (settings) => {
        setSaved(settings);
        setDraft(toDraft(settings));
      },
      (error: Error) => setNotice(error.message),
    );
  }, [client]);
  if (!draft || !saved) return <p className="empty">{notice ?? 'Loading settings…'}</p>;
  const set = (key: keyof Settings) => (value: string) =>
    setDraft((current) => current && { ...current, [key]: value });
  const save = async () => {
    setNotice(undefined);
    try {
      const result = await client.updateSettings({ settings: fromDraft(draft) as Settings });
      setProblems(Object.fromEntries(result.problems.map((p) => [p.key, p.message])));
      if (result.settings) {
        const moved = result.settings.host !== saved.host || result.settings.port !== saved.port;
        setSaved(result.settings);
        setDraft(toDraft(result.settings));
        setNotice('Saved and applied.');
        if (moved && result.url) onServerMoved(result.url);
      }
    } catch (error) {
      setNotice((error as Error).message);
    }
  };
  const field = (key: keyof Settings, label: string, input: React.ReactNode) => (
    <div className="field" key={key}>
      <label htmlFor={`setting-${key}`}>{label}</label>
      {input}
      {problems[key] && (
        <p className="problem" id={`problem-${key}`} role="alert">
          {problems[key]}
        </p>
      )}
    </div>
  );
  const toggle = (key: 'streamableHttp' | 'sse', label: string) => (
    <label className="check" key={key}>
      <input
        type="checkbox"
        checked={draft[key]}
        onChange={(event) => setDraft({ ...draft, [key]: event.target.checked })}
      />
      {label}
    </label>
  );
  const text = (key: Exclude<keyof Settings, 'streamableHttp' | 'sse'>, type = 'text') => (
    <input
      id={`setting-${key}`}
      type={type}
      value={draft[key]}
      aria-invalid={problems[key] ? true : undefined}
      aria-describedby={problems[key] ? `problem-${key}` : undefined}
      onChange={(event) => set(key)(event.target.value)}
    />
  );
  return (
    <section aria-labelledby="settings-title">
      <header className="view-header">
        <h1 id="settings-title">Settings</h1>
      </header>
      <form
        className="settings"
        onSubmit={(event) => {
          event.preventDefault();
          void save();
        }}
      >
        <fieldset>
          <legend>Listening</legend>
          {field('host', 'Host', text('host'))}
          {field('port', 'Port', text('port', 'number'))}
          <div className="field">
            <span>Transports</span>
            <span className="row">
              {toggle('streamableHttp', 'Streamable HTTP (/mcp)')}
              {toggle('sse', 'SSE (/sse)')}
              <span className="meta">stdio is always on</span>
            </span>
          </div>
          <div className="field">
            <span>Data directory</span>
            <span>
              <code>{dataDir}</code>
              <span className="meta"> (set with --data-dir or MCP_ISOLATE_DATA_DIR)</span>
            </span>
          </div>
        </fieldset>
        <fieldset>
          <legend>Security</legend>
          {field(
            'corsOrigins',
            'Allowed browser origins (one per line)',
            <textarea
              id="setting-corsOrigins"
              rows={3}
              value={draft.corsOrigins}
              aria-invalid={problems.corsOrigins ? true : undefined}
              onChange={(event) => set('corsOrigins')(event.target.value)}
            />,
          )}
          {field(
            'token',
            'Bearer token (empty: none; required off loopback)',
            <span className="row">
              {text('token', showToken ? 'text' : 'password')}
              <button
                type="button"
                className="secondary small"
                onClick={() => setShowToken(!showToken)}
              >
                {showToken ? 'Hide' : 'Show'}
              </button>
              <button
                type="button"
                className="secondary small"
                onClick={() => {
                  set('token')(newToken());
                  setShowToken(true);
                }}
              >
                Generate
              </button>
              {draft.token && <CopyButton text={draft.token} label="token" />}
            </span>,
          )}
        </fieldset>
        <fieldset>
          <legend>Limits</legend>
          {NUMBER_FIELDS.map(([key, label, unit]) =>
            field(key, unit ? `${label} (${unit})` : label, text(key, 'number')),
          )}
        </fieldset>
        <div className="actions">
          <button type="submit">Save and apply</button>
          <button
            type="button"
            className="secondary"
            onClick={() => {
              setDraft(toDraft(saved));
              setProblems({});
            }}
          >
            Revert
          </button>
          {notice && <span role="status">{notice}</span>}
        </div>
      </form>
    </section>
  );
}
