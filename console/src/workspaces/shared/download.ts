import { ApiError } from '../../api/client';

/**
 * Fetches a document route (a path on this server, as the API gives it) with the signed-in key and
 * hands it to the browser as a download: the key never goes into a URL.
 */
export async function downloadDocument(apiKey: string, path: string, filename: string): Promise<void> {
  const response = await fetch(path, { headers: { authorization: `Bearer ${apiKey}` } });
  if (!response.ok) {
    const body = (await response.json().catch(() => ({}))) as { errors?: { message: string; extensions?: { code?: string } }[] };
    const first = body.errors?.[0];
    throw new ApiError(first?.message ?? `The server answered ${response.status}.`, first?.extensions?.code ?? 'HTTP');
  }
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
