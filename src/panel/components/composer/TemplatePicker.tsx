import { useEffect, useState } from 'preact/hooks';
import type { ComposerDraft } from '../../composer/draft';
import { BUILT_IN_TEMPLATES, exportTemplates, parseTemplateFile, upsertTemplate } from '../../composer/templates';
import type { Template, TemplateStorage } from '../../composer/templates';
import { saveBlob } from '../recording/download';

export interface TemplatePickerProps {
  draft: ComposerDraft;
  onPick(draft: ComposerDraft): void;
  storage?: TemplateStorage;
}

/** Built-in and saved templates; save the current draft; export/import saved ones as JSON. */
export function TemplatePicker(props: TemplatePickerProps) {
  const [saved, setSaved] = useState<Template[]>([]);
  const [name, setName] = useState('');
  const [notice, setNotice] = useState<{ error: boolean; text: string } | undefined>();
  const { storage } = props;

  useEffect(() => {
    if (!storage) return;
    // Templates saved before the load answered win over the loaded ones of the same name.
    storage.load().then((loaded) => setSaved((local) => local.reduce(upsertTemplate, loaded)), (error: unknown) => setNotice({ error: true, text: `templates could not be loaded: ${String(error)}` }));
  }, [storage]);

  const persist = async (next: Template[], text: string) => {
    setSaved(next);
    try {
      await storage?.save(next);
      setNotice({ error: false, text });
    } catch (error) {
      setNotice({ error: true, text: `not saved: ${String(error)}` });
    }
  };
  const all = [...BUILT_IN_TEMPLATES, ...saved];

  const importFile = async (file: File | undefined) => {
    if (!file) return;
    const parsed = parseTemplateFile(await file.text());
    if (!parsed.ok) { setNotice({ error: true, text: parsed.error }); return; }
    const merged = parsed.templates.reduce(upsertTemplate, saved);
    await persist(merged, `imported ${parsed.templates.length} template(s)`);
  };

  return (
    <div class="template-picker">
      <label>Template <select name="template" value="" onChange={(e) => {
        const picked = all[Number((e.currentTarget as HTMLSelectElement).value)];
        if (picked) props.onPick(picked.draft);
      }}>
        <option value="">Choose…</option>
        {all.map((t, i) => <option key={`${i}-${t.name}`} value={String(i)}>{i < BUILT_IN_TEMPLATES.length ? t.name : `★ ${t.name}`}</option>)}
      </select></label>
      {storage && (
        <>
          <input name="template-name" placeholder="Template name" value={name} onInput={(e) => setName((e.currentTarget as HTMLInputElement).value)} />
          <button type="button" disabled={name.trim() === ''} onClick={() => void persist(upsertTemplate(saved, { name: name.trim(), draft: props.draft }), `saved “${name.trim()}”`)}>Save as template</button>
          <button type="button" disabled={saved.length === 0} onClick={() => saveBlob(new Blob([exportTemplates(saved)], { type: 'application/json' }), 'composer-templates.json')}>Export templates</button>
          <label class="file-button">Import templates <input type="file" name="import-templates" accept="application/json,.json" onChange={(e) => void importFile((e.currentTarget as HTMLInputElement).files?.[0])} /></label>
        </>
      )}
      {notice && <p class={notice.error ? 'field-error' : 'notice'} role={notice.error ? 'alert' : 'status'}>{notice.text}</p>}
    </div>
  );
}
