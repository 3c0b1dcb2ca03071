import { useEffect, useRef, useState } from 'react';
import type { DesktopClient } from '../../../contract/desktop-client.ts';
import { SETTING_GROUPS, SETTINGS, type Settings } from '../../../contract/settings-registry.ts';
import { withImported } from '../logic/mcp-settings.ts';
import { npmTokenToSend } from '../logic/package-settings.ts';
import { type Draft, fromDraft, toDraft, typedProblems } from '../logic/settings-form.ts';
import { useNewHeader } from './SecretHeaders.tsx';
import { type FormState, SettingField } from './SettingField.tsx';

interface Props {
  client: DesktopClient;
  dataDir?: string;
  /** The server moved to another address (host or port changed): follow it. */
  onServerMoved: (url: string) => void;
}

/** Every setting, a section of the form per group of the registry, in its order. */
export function SettingsView({ client, dataDir, onServerMoved }: Props) {
  const [saved, setSaved] = useState<Settings>();
  const [draft, setDraft] = useState<Draft>();
  const [problems, setProblems] = useState<Partial<Record<string, string>>>({});
  const [notice, setNotice] = useState<string>();
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
  const save = async () => {
    setNotice(undefined);
    // The server would refuse what a field already says is wrong: nothing is sent until it is fixed.
    const invalid = SETTINGS.filter(({ key }) => typedProblems(key, draft).length > 0);
    if (invalid.length > 0) {
      setNotice(`Not saved: fix ${invalid.map(({ label }) => label).join(', ')} first.`);
      document.getElementById(`setting-${invalid[0]?.key}`)?.focus();
      return;
    }
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
  const form: FormState = {
    draft,
    change: (changes) => setDraft((current) => current && { ...current, ...changes }),
    problems,
    savedRegistry: saved.npmRegistry,
    newHeader,
    tokenInput: typedToken,
    mcpImport: {
      client,
      // The imported servers join the form's rows; what else was typed there stays unsaved.
      onImported: (settings, names) => {
        setSaved(settings);
        setDraft(
          (current) =>
            current && {
              ...current,
              mcpServers: withImported(current.mcpServers, settings.mcpServers, names),
            },
        );
      },
    },
    ...(tokenProblem !== undefined && { tokenProblem }),
  };
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
        {SETTING_GROUPS.map((group) => (
          <fieldset key={group}>
            <legend>{group}</legend>
            {SETTINGS.filter((setting) => setting.group === group).map(({ key }) => (
              <SettingField key={key} setting={key} form={form} />
            ))}
            {group === 'Listening' && (
              <div className="field">
                <span>Data directory</span>
                <span>
                  <code>{dataDir}</code>
                  <span className="meta"> (set with --data-dir or MCP_ISOLATE_DATA_DIR)</span>
                </span>
              </div>
            )}
          </fieldset>
        ))}
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
