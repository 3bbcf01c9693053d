/**
 * The only image URLs the composer takes: inline data (data:image/…;base64,…). A message sent
 * to the agent carries its images in the frame, and a remote URL (http://tracker/pixel.png) in a
 * received message or an imported template would make the panel fetch it just by showing the
 * draft: a leak of the tester's address and timing to whoever wrote that URL.
 */
const IMAGE_DATA_URL = /^data:image\/[a-z0-9.+-]+;base64,[A-Za-z0-9+/=\s]+$/i;

export function isImageDataUrl(url: string): boolean {
  return IMAGE_DATA_URL.test(url);
}

/** The strings of `urls` that are image data URLs, and how many others were left out. */
export function keepImageDataUrls(urls: readonly unknown[]): { images: string[]; leftOut: number } {
  const images = urls.filter((u): u is string => typeof u === 'string' && isImageDataUrl(u));
  return { images, leftOut: urls.length - images.length };
}

/** What a person reads about the images left out, or undefined when none was. */
export function imagesLeftOutNote(leftOut: number): string | undefined {
  if (leftOut === 0) return undefined;
  return `${leftOut} image${leftOut > 1 ? 's' : ''} left out: only inline images (data:image/…;base64) are loaded and sent, never a remote URL`;
}
