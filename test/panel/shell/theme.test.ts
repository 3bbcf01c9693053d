import { describe, expect, it } from 'vitest';
import { chooseTheme } from '../../../src/panel/theme';

describe('theme', () => {
  it("follows DevTools' theme inside DevTools, whatever the system says", () => {
    expect(chooseTheme('dark', false)).toBe('dark');
    expect(chooseTheme('default', true)).toBe('light');
    expect(chooseTheme('firebug', true)).toBe('light');
  });
  it('follows the system in a tab', () => {
    expect(chooseTheme(undefined, true)).toBe('dark');
    expect(chooseTheme(undefined, false)).toBe('light');
  });
});
