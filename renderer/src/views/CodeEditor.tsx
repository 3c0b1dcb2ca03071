import { javascript } from '@codemirror/lang-javascript';
import { Compartment, EditorState, Prec } from '@codemirror/state';
import { oneDark } from '@codemirror/theme-one-dark';
import { keymap } from '@codemirror/view';
import { basicSetup, EditorView } from 'codemirror';
import { useEffect, useRef } from 'react';

interface Props {
  /** The text to show; a new value replaces what is typed (re-running a past run's code). */
  value: string;
  onChange: (code: string) => void;
  /** Ctrl/Cmd+Enter. */
  onRun: () => void;
  label: string;
  /** Takes the focus once made. */
  autoFocus?: boolean;
}

const dark = () => window.matchMedia('(prefers-color-scheme: dark)');

/**
 * A JavaScript/TypeScript editor (CodeMirror 6: small, accessible, made for the web, with
 * TypeScript highlighting built in). The editor owns the text while it is typed; the parent hears
 * every change and may replace the text.
 */
export function CodeEditor({ value, onChange, onRun, label, autoFocus }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | undefined>(undefined);
  // The latest callbacks, so the editor (made once) never calls stale ones.
  const callbacks = useRef({ onChange, onRun });
  callbacks.current = { onChange, onRun };

  // biome-ignore lint/correctness/useExhaustiveDependencies: made once; `value` is applied below
  useEffect(() => {
    const theme = new Compartment();
    const run = () => {
      callbacks.current.onRun();
      return true;
    };
    const editor = new EditorView({
      parent: host.current ?? undefined,
      state: EditorState.create({
        doc: value,
        extensions: [
          Prec.highest(keymap.of([{ key: 'Mod-Enter', run }])),
          basicSetup,
          javascript({ typescript: true }),
          theme.of(dark().matches ? oneDark : []),
          EditorView.contentAttributes.of({ 'aria-label': label }),
          EditorView.updateListener.of((update) => {
            if (update.docChanged) callbacks.current.onChange(update.state.doc.toString());
          }),
        ],
      }),
    });
    view.current = editor;
    if (autoFocus) editor.focus();
    const scheme = dark();
    const follow = () =>
      editor.dispatch({ effects: theme.reconfigure(scheme.matches ? oneDark : []) });
    scheme.addEventListener('change', follow);
    return () => {
      scheme.removeEventListener('change', follow);
      editor.destroy();
      view.current = undefined;
    };
  }, []);

  useEffect(() => {
    const editor = view.current;
    if (!editor || editor.state.doc.toString() === value) return;
    editor.dispatch({ changes: { from: 0, to: editor.state.doc.length, insert: value } });
  }, [value]);

  return <div className="code-editor" ref={host} />;
}
