/** Finds screenshots in an event: BrowserObservation.screenshot_data and image_urls data URLs. */
import { imageDataUrl } from './binary';

export function findScreenshots(value: unknown, limit = 10): string[] {
  const found: string[] = [];
  const stack: unknown[] = [value];
  while (stack.length > 0 && found.length < limit) {
    const node = stack.pop();
    if (typeof node !== 'object' || node === null) continue;
    for (const [key, child] of Object.entries(node)) {
      if (key === 'screenshot_data' && typeof child === 'string') {
        const url = imageDataUrl(child);
        if (url) found.push(url);
      } else if (key === 'image_urls' && Array.isArray(child)) {
        for (const u of child) if (typeof u === 'string' && u.startsWith('data:')) {
          const url = imageDataUrl(u);
          if (url) found.push(url);
        }
      } else stack.push(child);
    }
  }
  return found;
}
