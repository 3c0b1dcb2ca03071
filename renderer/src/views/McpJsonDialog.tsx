import * as Dialog from '@radix-ui/react-dialog';
import { useId, useState } from 'react';
import { MASKED_SECRET } from '../../../contract/net-policy.ts';
import {
  type McpServerRow,
  mcpServersText,
  rowsFromText,
  TYPED_SECRET,
} from '../logic/mcp-settings.ts';
import { ModalDialog } from './ModalDialog.tsx';

/**
 * The servers as JSON, as clients' configs and servers' docs write them: to edit them as text, or
 * paste a block. Saved values stay masked; what the text says wrong is said as it is typed, and
 * Apply puts the servers back in the form, which saves them.
 */
export function McpJsonDialog({
  rows,
  onApply,
  onClose,
}: {
  rows: readonly McpServerRow[];
  onApply: (rows: McpServerRow[]) => void;
  onClose: () => void;
}) {
  const [text, setText] = useState(() => mcpServersText(rows));
  const ids = useId();
  const taken = rowsFromText(text, rows);
  const problem = Array.isArray(taken) ? undefined : `mcpServers: ${taken.problem}`;
  return (
    <ModalDialog
      className="mcp-dialog"
      title="MCP servers as JSON"
      about={
        <>
          As in a client's config: {'{"NAME": {"command", "args", "env"}}'} or{' '}
          {'{"NAME": {"url", "headers"}}'}, with "allowTools" and "disabled" if needed; a whole{' '}
          {'{"mcpServers": {…}}'} block may be pasted. A value shown as {MASKED_SECRET} is the saved
          one, kept only while its server stays as saved but for its masks; {TYPED_SECRET} is the
          one typed in the form.
        </>
      }
      onClose={onClose}
    >
      <form
        onSubmit={(event) => {
          event.preventDefault();
          // React carries events through the portal to the settings form, which would save.
          event.stopPropagation();
          if (!Array.isArray(taken)) return;
          onApply(taken);
          onClose();
        }}
      >
        <label>
          Servers (JSON)
          <textarea
            className="json"
            rows={14}
            spellCheck={false}
            autoCapitalize="off"
            autoComplete="off"
            value={text}
            aria-invalid={problem !== undefined}
            aria-describedby={problem ? `${ids}-problem` : undefined}
            onChange={(event) => setText(event.target.value)}
          />
        </label>
        {problem && (
          <p id={`${ids}-problem`} className="problem" role="alert">
            {problem}
          </p>
        )}
        <div className="row">
          <button type="submit" disabled={problem !== undefined}>
            Apply
          </button>
          <Dialog.Close className="secondary">Cancel</Dialog.Close>
        </div>
      </form>
    </ModalDialog>
  );
}
