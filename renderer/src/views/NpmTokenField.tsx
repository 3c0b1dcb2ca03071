import type { RefObject } from 'react';
import type { NpmTokenDraft } from '../logic/package-settings.ts';

interface Props {
  label: string;
  token: NpmTokenDraft;
  onChange: (token: NpmTokenDraft) => void;
  /**
   * The input a new token is typed in. Uncontrolled: React mirrors a controlled input's value
   * into the `value` attribute, which would put the token in the page's markup.
   */
  input: RefObject<HTMLInputElement | null>;
  /** Why the typed token was not saved (never the token itself). */
  problem?: string;
  /** The registry moves to another origin: saving removes the kept token. */
  staysBehind: boolean;
}

/** The registry token: whether one is set (the page never has it), and replacing or removing it. */
export function NpmTokenField({ label, token, onChange, input, problem, staysBehind }: Props) {
  const button = (label: string, change: NpmTokenDraft['change']) => (
    <button
      type="button"
      className="secondary small"
      onClick={() => onChange({ ...token, change })}
    >
      {label}
    </button>
  );
  const typing = !token.set || token.change === 'replace';
  return (
    <div className="field">
      {typing ? <label htmlFor="setting-npmToken">{label}</label> : <span>{label}</span>}
      {token.change === 'remove' ? (
        <span className="row" role="status">
          <span>The token is removed when you save.</span>
          {button('Keep it', 'keep')}
        </span>
      ) : typing ? (
        <span className="row">
          <input
            id="setting-npmToken"
            ref={input}
            type="password"
            autoComplete="off"
            placeholder={token.set ? 'the new token' : 'none: for a private registry'}
            aria-invalid={problem ? true : undefined}
            aria-describedby={problem ? 'problem-npmToken' : undefined}
          />
          {token.set && button('Keep the saved one', 'keep')}
        </span>
      ) : (
        <span className="row">
          <span className="meta">A token is set.</span>
          {button('Replace', 'replace')}
          {button('Remove', 'remove')}
        </span>
      )}
      {problem && (
        <p className="problem" id="problem-npmToken" role="alert">
          {problem}
        </p>
      )}
      {staysBehind && (
        <p className="problem" role="status">
          The registry moves to another host: saving removes the saved token, which was given for
          the old one. Replace it to give the new registry a token.
        </p>
      )}
      <p className="hint">
        Sent to the registry's host only: code in the sandbox never sees it, and this window never
        shows it.
      </p>
    </div>
  );
}
