/**
 * The inspected page and what the resolver made of it, read again whenever the attach dialog
 * opens: the panel lives as long as DevTools, while the person moves the inspected tab to
 * another conversation or resumes its sandbox. Read once at start, the dialog offered the
 * first page's conversation (or its old reason) for good.
 */
import { signal, type ReadonlySignal } from '@preact/signals';
import type { ResolveResult } from './resolve-inspected-page';

/** The inspected page's URL and what the resolver made of it. */
export interface InspectedPage {
  pageUrl: string;
  result: ResolveResult;
}

export interface InspectedPageDeps {
  /** The inspected tab's URL (DevTools' inspectedWindow), undefined when it has none. */
  readPageUrl(): Promise<string | undefined>;
  resolve(pageUrl: string): Promise<ResolveResult>;
  onError(message: string): void;
}

export interface InspectedPageWatch {
  readonly page: ReadonlySignal<InspectedPage | undefined>;
  /** Reads and resolves the page again; an earlier read that answers later is ignored. */
  refresh(): void;
}

export function watchInspectedPage(deps: InspectedPageDeps): InspectedPageWatch {
  const page = signal<InspectedPage | undefined>(undefined);
  let latest = 0;
  const refresh = () => {
    const mine = ++latest;
    // Nothing offered meanwhile: a click on the old page's button would attach to the page left.
    page.value = undefined;
    void deps.readPageUrl().then(async (pageUrl) => {
      if (pageUrl === undefined || mine !== latest) return;
      const result = await deps.resolve(pageUrl);
      if (mine === latest) page.value = { pageUrl, result };
    }).catch((error: Error) => { if (mine === latest) deps.onError(`Could not read the inspected page: ${error.message}`); });
  };
  return { page, refresh };
}
