import type { ReactNode, RefObject } from 'react';
import {
  allowPackageProblems,
  type PackageDraft,
  registryProblem,
  tokenStaysBehind,
} from '../logic/package-settings.ts';
import { NpmTokenField } from './NpmTokenField.tsx';

interface Props {
  draft: PackageDraft;
  /** The registry as saved: a token set for it does not follow it elsewhere. */
  savedRegistry: string;
  onChange: (changes: Partial<PackageDraft>) => void;
  /** What the server said is wrong, by setting. */
  problems: Partial<Record<string, string>>;
  tokenInput: RefObject<HTMLInputElement | null>;
  tokenProblem?: string;
  /** The section's limit fields, made like the form's other numbers. */
  children: ReactNode;
}

/** The npm packages runs may import: on or off, the registry and its token, the allow-list. */
export function PackageSettings({ draft, savedRegistry, onChange, problems, ...props }: Props) {
  // Checked as typed; the server's word stands until the text is fixed.
  const registryShown = registryProblem(draft.npmRegistry) ?? problems.npmRegistry;
  const allowLocal = allowPackageProblems(draft.allowPackages);
  const allowShown =
    allowLocal.length > 0 ? allowLocal : problems.allowPackages ? [problems.allowPackages] : [];
  return (
    <fieldset>
      <legend>Packages</legend>
      <div className="field">
        <span>Imports</span>
        <span className="row">
          <label className="check">
            <input
              type="checkbox"
              checked={draft.packages}
              onChange={(event) => onChange({ packages: event.target.checked })}
            />
            Let runs import npm packages
          </label>
          <span className="meta">off: an import fails with the reason</span>
        </span>
        {problems.packages && (
          <p className="problem" role="alert">
            {problems.packages}
          </p>
        )}
      </div>
      <div className="field">
        <label htmlFor="setting-npmRegistry">Registry</label>
        <input
          id="setting-npmRegistry"
          type="url"
          value={draft.npmRegistry}
          aria-invalid={registryShown ? true : undefined}
          aria-describedby={registryShown ? 'problem-npmRegistry' : undefined}
          onChange={(event) => onChange({ npmRegistry: event.target.value })}
        />
        {registryShown && (
          <p className="problem" id="problem-npmRegistry" role="alert">
            {registryShown}
          </p>
        )}
      </div>
      <NpmTokenField
        token={draft.npmToken}
        onChange={(npmToken) => onChange({ npmToken })}
        input={props.tokenInput}
        problem={props.tokenProblem ?? problems.npmToken}
        staysBehind={tokenStaysBehind(savedRegistry, draft)}
      />
      <div className="field top">
        <label htmlFor="setting-allowPackages">
          Allowed packages (one per line: name or @scope/*)
        </label>
        <textarea
          id="setting-allowPackages"
          rows={3}
          value={draft.allowPackages}
          placeholder="none: every package"
          aria-invalid={allowShown.length > 0 ? true : undefined}
          aria-describedby={
            allowShown.length > 0
              ? 'allowPackages-hint problem-allowPackages'
              : 'allowPackages-hint'
          }
          onChange={(event) => onChange({ allowPackages: event.target.value })}
        />
        <p className="hint" id="allowPackages-hint">
          None: a run may import any package. Importing one not listed fails, with the reason.
        </p>
        {allowShown.length > 0 && (
          <div className="problem" id="problem-allowPackages" role="alert">
            {allowShown.map((problem) => (
              <p key={problem}>{problem}</p>
            ))}
          </div>
        )}
      </div>
      {props.children}
    </fieldset>
  );
}
