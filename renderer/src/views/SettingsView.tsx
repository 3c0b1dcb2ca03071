import { useEffect, useRef, useState } from 'react';
import type { DesktopClient } from '../../../contract/desktop-client.ts';
import type { Settings } from '../../../contract/settings-registry.ts';
import {
  allowNetPatterns,
  allowNetProblems,
  type HeaderRow,
  headerRows,
  headersToSend,
} from '../logic/network-settings.ts';
import {
  type NpmTokenDraft,
  npmTokenToSend,
  type PackageDraft,
  packageDraft,
  packageSettings,
} from '../logic/package-settings.ts';
import { CopyButton } from './CopyButton.tsx';
import { PackageSettings } from './PackageSettings.tsx';
import { SecretHeaders, useNewHeader } from './SecretHeaders.tsx';

type TextKey = Exclude<
  keyof Settings,
  'streamableHttp' | 'sse' | 'netHeaders' | 'packages' | 'npmToken'
>;

type Draft = Record<TextKey, string> & {
  streamableHttp: boolean;
  sse: boolean;
  netHeaders: HeaderRow[];
  packages: boolean;
  npmToken: NpmTokenDraft;
};

const NUMBER_FIELDS: [TextKey, string, string][] = [
  ['timeoutMs', 'Run timeout', 'ms'],
  ['memoryMb', 'Memory per session', 'MiB'],
  ['outputBytes', 'Output per run', 'bytes'],
  ['codeBytes', 'Code per run', 'bytes'],
  ['maxBodyBytes', 'Largest request body', 'bytes'],
  ['maxConnections', 'Most connections', ''],
  ['idleTimeoutMs', 'Close idle connections after', 'ms'],
];

/** The network's limits, shown with the rest of the network settings. */
const NET_NUMBER_FIELDS: [TextKey, string, string][] = [
  ['netRequests', 'Requests per run', ''],
  ['netResponseBytes', 'Response body per request', 'bytes'],
  ['netTotalBytes', 'Response bodies per run, in all', 'bytes'],
];

/** The packages' limits, shown with the rest of the package settings. */
const PACKAGE_NUMBER_FIELDS: [TextKey, string, string][] = [
  ['packageTarballBytes', 'Package tarball', 'bytes'],
  ['packageBundleBytes', 'Package bundle', 'bytes'],
  ['packageFiles', 'Files per import, dependencies included', ''],
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
  allowNet: settings.allowNet.join('\n'),
  netHeaders: headerRows(settings.netHeaders),
  netRequests: String(settings.netRequests),
  netResponseBytes: String(settings.netResponseBytes),
  netTotalBytes: String(settings.netTotalBytes),
  ...packageDraft(settings),
  packageTarballBytes: String(settings.packageTarballBytes),
  packageBundleBytes: String(settings.packageBundleBytes),
  packageFiles: String(settings.packageFiles),
});

/**
 * The form's text as settings values; numbers that are not numbers go through as text.
 * `npmToken` is what npmTokenToSend made of the typed token.
 */
function fromDraft(draft: Draft, npmToken: { npmToken?: string }): Partial<Settings> {
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
    allowNet: allowNetPatterns(draft.allowNet),
    netHeaders: headersToSend(draft.netHeaders),
    ...packageSettings(draft, npmToken),
    ...Object.fromEntries(
      [...NUMBER_FIELDS, ...NET_NUMBER_FIELDS, ...PACKAGE_NUMBER_FIELDS].map(([key]) => [
        key,
        number(draft[key]),
      ]),
    ),
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
  const newHeader = useNewHeader();
  const typedToken = useRef<HTMLInputElement>(null);
  const [tokenProblem, setTokenProblem] = useState<string>();
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
    // A header typed but not added yet is saved too, rather than dropped.
    const netHeaders = newHeader.take(draft.netHeaders);
    if (!netHeaders) return;
    const npmToken = npmTokenToSend(draft.npmToken, typedToken.current?.value ?? '');
    setTokenProblem('problem' in npmToken ? npmToken.problem : undefined);
    if ('problem' in npmToken) return;
    const sent = { ...draft, netHeaders };
    setDraft(sent);
    try {
      const result = await client.updateSettings({
        settings: fromDraft(sent, npmToken) as Settings,
      });
      setProblems(Object.fromEntries(result.problems.map((p) => [p.key, p.message])));
      if (result.settings) {
        const moved = result.settings.host !== saved.host || result.settings.port !== saved.port;
        setSaved(result.settings);
        setDraft(toDraft(result.settings));
        // The token is saved: the page keeps no copy of it.
        if (typedToken.current) typedToken.current.value = '';
        setNotice(['Saved and applied.', ...(result.notices ?? [])].join(' '));
        if (moved && result.url) onServerMoved(result.url);
      }
    } catch (error) {
      setNotice((error as Error).message);
    }
  };
  // Checked as typed; the server's word stands until the text is fixed.
  const allowNetLocal = allowNetProblems(draft.allowNet);
  const allowNetShown =
    allowNetLocal.length > 0 ? allowNetLocal : problems.allowNet ? [problems.allowNet] : [];
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
  const text = (key: TextKey, type = 'text') => (
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
        <fieldset>
          <legend>Network</legend>
          <div className="field top">
            <label htmlFor="setting-allowNet">
              Allowed hosts for fetch (one per line: host, host:port, *.domain or *)
            </label>
            <textarea
              id="setting-allowNet"
              rows={3}
              value={draft.allowNet}
              placeholder="none: fetch is off"
              aria-invalid={allowNetShown.length > 0 ? true : undefined}
              aria-describedby={
                allowNetShown.length > 0 ? 'allowNet-hint problem-allowNet' : 'allowNet-hint'
              }
              onChange={(event) => set('allowNet')(event.target.value)}
            />
            <p className="hint" id="allowNet-hint">
              None: fetch is off. A request to any other host is refused and shows in the run's
              network panel with the reason.
            </p>
            {allowNetShown.length > 0 && (
              <div className="problem" id="problem-allowNet" role="alert">
                {allowNetShown.map((problem) => (
                  <p key={problem}>{problem}</p>
                ))}
              </div>
            )}
          </div>
          <SecretHeaders
            rows={draft.netHeaders}
            onChange={(netHeaders) => setDraft({ ...draft, netHeaders })}
            newHeader={newHeader}
            problem={problems.netHeaders}
          />
          {NET_NUMBER_FIELDS.map(([key, label, unit]) =>
            field(key, unit ? `${label} (${unit})` : label, text(key, 'number')),
          )}
        </fieldset>
        <PackageSettings
          draft={draft}
          savedRegistry={saved.npmRegistry}
          onChange={(changes: Partial<PackageDraft>) => setDraft({ ...draft, ...changes })}
          problems={problems}
          tokenInput={typedToken}
          tokenProblem={tokenProblem}
        >
          {PACKAGE_NUMBER_FIELDS.map(([key, label, unit]) =>
            field(key, unit ? `${label} (${unit})` : label, text(key, 'number')),
          )}
        </PackageSettings>
        <div className="actions">
          <button type="submit">Save and apply</button>
          <button
            type="button"
            className="secondary"
            onClick={() => {
              setDraft(toDraft(saved));
              setProblems({});
              newHeader.clear();
              setTokenProblem(undefined);
              if (typedToken.current) typedToken.current.value = '';
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
