/**
 * Which palette the panel uses: inside DevTools, DevTools' own theme (Chrome says `default` or
 * `dark`, Firefox `light`, `dark` or `firebug`); in a tab, the system's colour scheme.
 */
export type Theme = 'light' | 'dark';

export function chooseTheme(devtoolsThemeName: string | undefined, systemPrefersDark: boolean): Theme {
  if (devtoolsThemeName !== undefined) return devtoolsThemeName === 'dark' ? 'dark' : 'light';
  return systemPrefersDark ? 'dark' : 'light';
}
