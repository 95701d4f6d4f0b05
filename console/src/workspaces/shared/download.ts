import { request } from '../../api/client';

/**
 * Fetches a document route (a path on this server, as the API gives it) with the signed-in key and
 * hands it to the browser as a download: the key never goes into a URL.
 */
export async function downloadDocument(apiKey: string, path: string, filename: string): Promise<void> {
  const response = await request(apiKey, path);
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
