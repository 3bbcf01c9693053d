/**
 * Imported first by every extension entry. Extension pages and the SW forbid `eval`, and zod 4
 * probes for it with `new Function` (a CSP violation Chrome reports on the extension's error
 * page, and what `web-ext lint` flags); jitless parsing skips the probe and the code generation.
 */
import { z } from 'zod';

z.config({ jitless: true });
