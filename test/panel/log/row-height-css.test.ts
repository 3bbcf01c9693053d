import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ROW_HEIGHT } from '../../../src/panel/components/log';

// The virtual list places rows by arithmetic; if the stylesheet's row height drifts from
// ROW_HEIGHT, scrolling shows the wrong rows. happy-dom has no layout, so check the CSS text.
describe('row height', () => {
  it('panel.css gives .log-row exactly ROW_HEIGHT px, border included', () => {
    const css = readFileSync(new URL('../../../public/panel.css', import.meta.url), 'utf8');
    const heights = [...css.matchAll(/(^|\n)\.log-row\s*\{([^}]*)\}/g)].flatMap((m) => [...(m[2] ?? '').matchAll(/(?:^|;)\s*height:\s*(\d+)px/g)].map((h) => Number(h[1])));
    expect(heights).toEqual([ROW_HEIGHT]);
    expect(css).toMatch(/\*\s*\{\s*box-sizing:\s*border-box;?\s*\}/);
  });
});
