import { useState } from 'preact/hooks';
import { isImageDataUrl } from '../../composer/image-urls';

export interface ImageAttachmentsProps {
  images: readonly string[];
  onChange(images: string[]): void;
}

/** Larger images would make a frame the server or the socket refuses. */
const MAX_IMAGE_BYTES = 2 * 1024 * 1024;

function readAsDataUrl(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error ?? new Error('unreadable file'));
    reader.readAsDataURL(file);
  });
}

/** Images attached to a message, as data URLs (what the SDK `Message` carries). */
export function ImageAttachments({ images, onChange }: ImageAttachmentsProps) {
  const [error, setError] = useState<string | undefined>();
  const add = async (files: FileList | null | undefined) => {
    const picked = Array.from(files ?? []);
    const tooBig = picked.find((f) => f.size > MAX_IMAGE_BYTES);
    if (tooBig) { setError(`${tooBig.name} is larger than ${MAX_IMAGE_BYTES / 1024 / 1024} MB`); return; }
    try {
      onChange([...images, ...(await Promise.all(picked.map(readAsDataUrl)))]);
      setError(undefined);
    } catch (e) {
      setError(String(e));
    }
  };
  return (
    <div class="image-attachments">
      <label class="file-button">Attach image <input type="file" name="attach-image" accept="image/*" multiple onChange={(e) => void add((e.currentTarget as HTMLInputElement).files)} /></label>
      {images.map((url, i) => (
        <span key={i} class="attachment">
          {/* Never a remote URL: showing it would fetch it (see image-urls). */}
          {isImageDataUrl(url) ? <img src={url} alt={`attachment ${i + 1}`} height={32} /> : <span class="attachment-refused">not an inline image</span>}
          <button type="button" aria-label={`Remove image ${i + 1}`} onClick={() => onChange(images.filter((_, j) => j !== i))}>×</button>
        </span>
      ))}
      {error && <p class="field-error" role="alert">{error}</p>}
    </div>
  );
}
