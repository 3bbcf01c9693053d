import { useEffect, useState } from 'preact/hooks';
import { imagesLeftOutNote } from '../../composer/image-urls';
import type { ComposerDraft } from '../../composer/draft';
import {
  BUILT_IN_TEMPLATES, exportTemplates, firstIssue, MAX_SAVED_TEMPLATES, parseTemplateFile, TEMPLATE_NAME_MAX, TemplateSchema, upsertTemplate,
  withoutTemplate,
} from '../../composer/templates';
import type { Template, TemplateLoad, TemplateStorage } from '../../composer/templates';
import { saveBlob } from '../recording/download';

export interface TemplatePickerProps {
  draft: ComposerDraft;
  onPick(draft: ComposerDraft): void;
  storage?: TemplateStorage;
}

type Notice = { error: boolean; text: string };

/** What a load found that the person should know: entries left out, or stored data this version cannot read. */
function loadNotice(found: TemplateLoad): Notice | undefined {
  if (found.unreadable) return { error: true, text: `saved templates could not be read (${found.unreadable}); they are left in storage until you remove them, and saving is refused so as not to replace them` };
  if (found.dropped > 0) return { error: true, text: `${found.dropped} saved template(s) could not be read and were left out; they stay stored until you remove them` };
  if ((found.overCap ?? 0) > 0) return { error: true, text: `${found.overCap} of the oldest saved templates were left out: at most ${MAX_SAVED_TEMPLATES} are kept, and the next change drops them` };
  return undefined;
}

/** The names `next` no longer holds (upsertTemplate keeps at most MAX_SAVED_TEMPLATES, dropping the oldest). */
function droppedNames(before: readonly Template[], next: readonly Template[]): string[] {
  return before.filter((t) => !next.some((n) => n.name === t.name)).map((t) => `“${t.name}”`);
}

/** Built-in and saved templates; save the current draft; export/import saved ones as JSON. */
export function TemplatePicker(props: TemplatePickerProps) {
  const [saved, setSaved] = useState<Template[]>([]);
  /** Saving waits for the load: a save before it wrote only the new template over all the stored ones. */
  const [loaded, setLoaded] = useState(false);
  const [name, setName] = useState('');
  const [notice, setNotice] = useState<Notice | undefined>();
  /** The load left stored entries out (or could not read the stored value): they can be removed. */
  const [leftOut, setLeftOut] = useState(false);
  const { storage } = props;

  useEffect(() => {
    if (!storage) return;
    storage.load().then((found) => {
      setSaved(found.templates);
      setLoaded(true);
      setNotice(loadNotice(found));
      setLeftOut(found.dropped > 0 || found.unreadable !== undefined);
    }, (error: unknown) => setNotice({ error: true, text: `templates could not be loaded: ${String(error)}` }));
  }, [storage]);

  /**
   * Applies `change` to the templates as stored now, not to this panel's copy: another panel
   * may have saved since. `removed`: the name a deletion removes on purpose (not reported as dropped).
   */
  const persist = async (change: (stored: readonly Template[]) => Template[], text: string, removed?: string) => {
    if (!storage) return;
    try {
      const { before, after } = await storage.update(change);
      const dropped = droppedNames(before.filter((t) => t.name !== removed), after);
      setSaved(after);
      setNotice({ error: false, text: dropped.length > 0 ? `${text}; dropped the oldest (at most ${MAX_SAVED_TEMPLATES} are kept): ${dropped.join(', ')}` : text });
    } catch (error) {
      setNotice({ error: true, text: `not saved: ${error instanceof Error ? error.message : String(error)}` });
    }
  };
  const all = [...BUILT_IN_TEMPLATES, ...saved];

  /** Checked before it is stored: one invalid template used to make every saved one unreadable. */
  const saveDraft = () => {
    const checked = TemplateSchema.safeParse({ name: name.trim(), draft: props.draft });
    if (!checked.success) { setNotice({ error: true, text: `not saved: ${firstIssue(checked.error)}` }); return; }
    void persist((stored) => upsertTemplate(stored, checked.data), `saved “${checked.data.name}”`);
  };

  /** Without this they stayed stored, and the notice came back on every open. */
  const removeLeftOut = async () => {
    try {
      const kept = await storage?.discardUnreadable();
      setSaved(kept ?? []);
      setLeftOut(false);
      setNotice({ error: false, text: 'removed the saved entries this version cannot read' });
    } catch (error) {
      setNotice({ error: true, text: `not removed: ${error instanceof Error ? error.message : String(error)}` });
    }
  };

  const typedName = name.trim();
  const namedSaved = saved.some((t) => t.name === typedName);

  const importFile = async (file: File | undefined) => {
    if (!file) return;
    const parsed = parseTemplateFile(await file.text());
    if (!parsed.ok) { setNotice({ error: true, text: parsed.error }); return; }
    const note = imagesLeftOutNote(parsed.imagesLeftOut);
    await persist((stored) => parsed.templates.reduce(upsertTemplate, [...stored]), `imported ${parsed.templates.length} template(s)${note === undefined ? '' : `; ${note}`}`);
  };

  return (
    <div class="template-picker">
      <label>Template <select name="template" value="" onChange={(e) => {
        const index = Number((e.currentTarget as HTMLSelectElement).value);
        const picked = all[index];
        if (!picked) return;
        props.onPick(picked.draft);
        // A saved one's name goes to the name field: Save replaces it, Delete removes it.
        if (index >= BUILT_IN_TEMPLATES.length) setName(picked.name);
      }}>
        <option value="">Choose…</option>
        {all.map((t, i) => <option key={`${i}-${t.name}`} value={String(i)}>{i < BUILT_IN_TEMPLATES.length ? t.name : `★ ${t.name}`}</option>)}
      </select></label>
      {storage && (
        <>
          <input name="template-name" placeholder="Template name" maxLength={TEMPLATE_NAME_MAX} value={name} onInput={(e) => setName((e.currentTarget as HTMLInputElement).value)} />
          <button type="button" disabled={!loaded || typedName === ''} onClick={saveDraft}>Save as template</button>
          <button type="button" disabled={!loaded || !namedSaved} title="Deletes the saved template with the name typed" onClick={() => void persist((stored) => withoutTemplate(stored, typedName), `deleted “${typedName}”`, typedName)}>Delete template</button>
          <button type="button" disabled={saved.length === 0} onClick={() => saveBlob(new Blob([exportTemplates(saved)], { type: 'application/json' }), 'composer-templates.json')}>Export templates</button>
          <label class="file-button">Import templates <input type="file" name="import-templates" accept="application/json,.json" disabled={!loaded} onChange={(e) => void importFile((e.currentTarget as HTMLInputElement).files?.[0])} /></label>
        </>
      )}
      {notice && <p class={notice.error ? 'field-error' : 'notice'} role={notice.error ? 'alert' : 'status'} data-testid="template-notice">{notice.text}</p>}
      {storage && leftOut && <button type="button" onClick={() => void removeLeftOut()}>Remove the entries left out</button>}
    </div>
  );
}
