/** Downloads that need the bearer header: fetch as a Blob, then save through an object URL. */
import { getBlob } from '../api/http.client.ts';

/** Fetch `path` with the token and save it as `filename`. */
export async function downloadWithAuth(path: string, filename: string): Promise<void> {
  const blob = await getBlob(path);
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  // Revoke later: some browsers start the download asynchronously.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
