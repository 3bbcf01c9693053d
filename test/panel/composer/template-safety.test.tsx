// One invalid template must not cost the others: a template the stored-data schema refuses is
// refused before it is saved (the problem shown next to the field); a stored entry that is not a
// valid template is left out and counted, the rest load; stored data that is not a list at all
// is never replaced.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { Composer, templateStorageIn } from '../../../src/panel/components/composer';
import { MAX_SAVED_TEMPLATES, TEMPLATE_NAME_MAX, upsertTemplate, type Template } from '../../../src/panel/composer/templates';
import type { ComposerDraft } from '../../../src/panel/composer/draft';

afterEach(cleanup);

const KEY = 'composer.templates';
const template = (name: string, text = name): Template => ({ name, draft: { mode: 'message', text, images: [] } });

function memoryArea(initial?: unknown) {
  const data: Record<string, unknown> = initial === undefined ? {} : { [KEY]: initial };
  const area = { get: async (k: string) => ({ [k]: data[k] }), set: vi.fn(async (items: Record<string, unknown>) => { Object.assign(data, items); }) };
  return { data, area, storage: templateStorageIn(area) };
}

function renderComposer(storage: ReturnType<typeof templateStorageIn>, prefill?: ComposerDraft) {
  const view = render(<Composer protocol="v1-events" socketState="open" send={vi.fn()} sendRest={vi.fn()} control={vi.fn()} templateStorage={storage} prefill={prefill} />);
  const nameInput = view.container.querySelector('input[name="template-name"]') as HTMLInputElement;
  const saveButton = screen.getByRole('button', { name: 'Save as template' }) as HTMLButtonElement;
  const save = async (name: string, text: string) => {
    fireEvent.input(view.container.querySelector('textarea[name="composer-text"]') as HTMLTextAreaElement, { target: { value: text } });
    fireEvent.input(nameInput, { target: { value: name } });
    await waitFor(() => expect(saveButton.disabled).toBe(false)); // the saved ones are loaded first
    fireEvent.click(saveButton);
  };
  const savedNames = () => Array.from(view.container.querySelectorAll('select[name="template"] option')).map((o) => o.textContent).filter((t) => t?.startsWith('★ '));
  return { view, nameInput, save, savedNames };
}

describe('saved templates survive one bad template', () => {
  it('a template the schema refuses is not saved: the problem shows inline, the others stay saved', async () => {
    const { data, storage } = memoryArea();
    const c = renderComposer(storage);
    expect(c.nameInput.maxLength).toBe(TEMPLATE_NAME_MAX);
    await c.save('smoke test', 'Run the smoke tests');
    await screen.findByText('saved “smoke test”');

    // Typed past the input's limit (a paste, a script): refused, with the reason, before storage.
    await c.save('x'.repeat(TEMPLATE_NAME_MAX + 1), 'second');
    expect((await screen.findByTestId('template-notice')).textContent).toMatch(/^not saved: name: .*120/);
    expect(data[KEY]).toEqual([template('smoke test', 'Run the smoke tests')]);
    expect((await storage.load()).templates.map((t) => t.name)).toEqual(['smoke test']);
  });

  it('a draft with more images than a template holds is refused the same way', async () => {
    const { data, storage } = memoryArea([template('smoke test')]);
    const images = Array.from({ length: 21 }, () => 'data:image/png;base64,AA==');
    const c = renderComposer(storage, { mode: 'message', text: 'screens', images });
    fireEvent.input(c.nameInput, { target: { value: 'screens' } });
    const save = screen.getByRole('button', { name: 'Save as template' }) as HTMLButtonElement;
    await waitFor(() => expect(save.disabled).toBe(false));
    fireEvent.click(save);
    expect((await screen.findByTestId('template-notice')).textContent).toMatch(/^not saved: draft\.images: /);
    expect(data[KEY]).toEqual([template('smoke test')]);
  });

  it('a stored entry that is not a valid template is left out and counted, and stays stored through a save; the valid ones load', async () => {
    const unreadable = [{ name: 'y'.repeat(200), draft: { mode: 'message', text: 'z', images: [] } }, { name: 42 }];
    const { data, storage } = memoryArea([template('smoke test'), ...unreadable, template('deploy')]);
    expect(await storage.load()).toMatchObject({ templates: [template('smoke test'), template('deploy')], dropped: 2 });

    const c = renderComposer(storage);
    expect((await screen.findByTestId('template-notice')).textContent).toBe('2 saved template(s) could not be read and were left out; they stay stored until you remove them');
    await waitFor(() => expect(c.savedNames()).toEqual(['★ smoke test', '★ deploy']));
    await c.save('third', 'third');
    await screen.findByText('saved “third”');
    // A newer version's entries are not this one's to delete.
    expect(data[KEY]).toEqual([...unreadable, template('smoke test'), template('deploy'), expect.objectContaining({ name: 'third' })]);
  });

  it('stored data that is not a list (another version, an edit by hand) is never replaced', async () => {
    const foreign = { version: 2, templates: [{ title: 'from a newer version' }] };
    const { data, area, storage } = memoryArea(foreign);
    expect(await storage.load()).toMatchObject({ templates: [], dropped: 0, unreadable: expect.stringMatching(/not a list/) });

    const c = renderComposer(storage);
    expect((await screen.findByTestId('template-notice')).textContent).toMatch(/^saved templates could not be read .*saving is refused/);
    await c.save('mine', 'mine');
    await screen.findByText(/^not saved: the stored templates are an object, not a list this version can read/);
    expect(data[KEY]).toEqual(foreign);
    expect(area.set).not.toHaveBeenCalled();
  });

  it('past the cap the oldest saved template is dropped, and the notice says which', async () => {
    const full = Array.from({ length: MAX_SAVED_TEMPLATES }, (_, i) => template(`t${i}`));
    const { data, storage } = memoryArea(full);
    const c = renderComposer(storage);
    await c.save('newest', 'newest');
    expect((await screen.findByTestId('template-notice')).textContent).toBe(`saved “newest”; dropped the oldest (at most ${MAX_SAVED_TEMPLATES} are kept): “t0”`);
    expect((data[KEY] as Template[]).map((t) => t.name)).toEqual([...full.slice(1).map((t) => t.name), 'newest']);
  });

  it('the entries left out can be removed on request: the valid ones stay, the notice goes', async () => {
    const unreadable = [{ name: 42 }, { name: 'x', draft: { mode: 'nope' } }];
    const { data, storage } = memoryArea([template('smoke test'), ...unreadable, template('deploy')]);
    renderComposer(storage);
    await screen.findByText(/2 saved template\(s\) could not be read/);
    fireEvent.click(screen.getByRole('button', { name: 'Remove the entries left out' }));
    await screen.findByText('removed the saved entries this version cannot read');
    expect(data[KEY]).toEqual([template('smoke test'), template('deploy')]);
    expect(screen.queryByRole('button', { name: 'Remove the entries left out' })).toBeNull();
    expect(await storage.load()).toEqual({ templates: [template('smoke test'), template('deploy')], dropped: 0 });
  });

  it('stored data that is not a list can be removed on request, and saving works again', async () => {
    const { data, storage } = memoryArea('a string from an edit by hand');
    const c = renderComposer(storage);
    await screen.findByText(/^saved templates could not be read .*until you remove them/);
    fireEvent.click(screen.getByRole('button', { name: 'Remove the entries left out' }));
    await screen.findByText('removed the saved entries this version cannot read');
    expect(data[KEY]).toEqual([]);
    await c.save('mine', 'mine');
    await screen.findByText('saved “mine”');
    expect(data[KEY]).toEqual([template('mine')]);
  });

  it('no button to remove anything when every stored entry was read', async () => {
    const { storage } = memoryArea([template('smoke test')]);
    const c = renderComposer(storage);
    await waitFor(() => expect(c.savedNames()).toEqual(['★ smoke test']));
    expect(screen.queryByRole('button', { name: 'Remove the entries left out' })).toBeNull();
  });
});

describe('deleting a saved template', () => {
  it('picking a saved template names it; Delete removes that one only, and says so', async () => {
    const { data, storage } = memoryArea([template('smoke test'), template('deploy')]);
    const c = renderComposer(storage);
    await waitFor(() => expect(c.savedNames()).toEqual(['★ smoke test', '★ deploy']));
    const del = screen.getByRole('button', { name: 'Delete template' }) as HTMLButtonElement;
    expect(del.disabled).toBe(true); // no name typed
    const select = c.view.container.querySelector('select[name="template"]') as HTMLSelectElement;
    const option = Array.from(select.options).find((o) => o.textContent === '★ smoke test')!;
    fireEvent.change(select, { target: { value: option.value } });
    expect(c.nameInput.value).toBe('smoke test');
    await waitFor(() => expect(del.disabled).toBe(false));
    fireEvent.click(del);
    expect((await screen.findByTestId('template-notice')).textContent).toBe('deleted “smoke test”');
    expect(data[KEY]).toEqual([template('deploy')]);
    await waitFor(() => expect(c.savedNames()).toEqual(['★ deploy']));
    expect(del.disabled).toBe(true); // the typed name is no saved template any more
  });

  it('a name no saved template has, or a built-in one, deletes nothing', async () => {
    const { storage } = memoryArea([template('deploy')]);
    const c = renderComposer(storage);
    await waitFor(() => expect(c.savedNames()).toEqual(['★ deploy']));
    const del = screen.getByRole('button', { name: 'Delete template' }) as HTMLButtonElement;
    fireEvent.input(c.nameInput, { target: { value: 'not saved' } });
    expect(del.disabled).toBe(true);
    const select = c.view.container.querySelector('select[name="template"]') as HTMLSelectElement;
    fireEvent.change(select, { target: { value: '0' } }); // the first built-in
    expect(c.nameInput.value).toBe('not saved');
    expect(del.disabled).toBe(true);
  });
});

describe('another panel saving meanwhile (one storage.local for every DevTools window)', () => {
  it('a deletion keeps the template the other panel saved after this one loaded', async () => {
    const { data, area, storage } = memoryArea([template('a'), template('b')]);
    const c = renderComposer(storage);
    await waitFor(() => expect(c.savedNames()).toEqual(['★ a', '★ b']));
    await templateStorageIn(area).update((stored) => upsertTemplate(stored, template('c')));
    fireEvent.input(c.nameInput, { target: { value: 'a' } });
    const del = screen.getByRole('button', { name: 'Delete template' }) as HTMLButtonElement;
    await waitFor(() => expect(del.disabled).toBe(false));
    fireEvent.click(del);
    expect((await screen.findByTestId('template-notice')).textContent).toBe('deleted “a”');
    expect((data[KEY] as Template[]).map((t) => t.name)).toEqual(['b', 'c']);
    await waitFor(() => expect(c.savedNames()).toEqual(['★ b', '★ c']));
  });

  it('a save keeps it too', async () => {
    const { data, area, storage } = memoryArea([template('a')]);
    const c = renderComposer(storage);
    await waitFor(() => expect(c.savedNames()).toEqual(['★ a']));
    await templateStorageIn(area).update((stored) => upsertTemplate(stored, template('b')));
    await c.save('mine', 'mine');
    await screen.findByText('saved “mine”');
    expect((data[KEY] as Template[]).map((t) => t.name)).toEqual(['a', 'b', 'mine']);
  });
});

describe('valid templates past the cap (a version that kept more)', () => {
  const overFull = () => Array.from({ length: MAX_SAVED_TEMPLATES + 1 }, (_, i) => template(`t${i}`));

  it('are counted as left out for the cap, not as unreadable, with nothing offered to remove', async () => {
    const { storage } = memoryArea(overFull());
    expect(await storage.load()).toMatchObject({ dropped: 0, overCap: 1 });
    renderComposer(storage);
    expect((await screen.findByTestId('template-notice')).textContent).toBe(`1 of the oldest saved templates were left out: at most ${MAX_SAVED_TEMPLATES} are kept, and the next change drops them`);
    expect(screen.queryByRole('button', { name: 'Remove the entries left out' })).toBeNull();
  });

  it('removing what cannot be read keeps every valid template', async () => {
    const { data, storage } = memoryArea([...overFull(), { name: 7 }]);
    expect(await storage.discardUnreadable()).toHaveLength(MAX_SAVED_TEMPLATES + 1);
    expect((data[KEY] as Template[]).map((t) => t.name)).toEqual(overFull().map((t) => t.name));
  });
});

