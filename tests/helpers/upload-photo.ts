/** Uploads one photo as an operator into a new mission and waits until the pipeline has analysed it. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { waitFor, type TestServer } from './test-server.ts';

export const jsonBody = (body: unknown, method = 'POST') => ({ method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

/** Returns the image id and its view once its status is `done`. */
export async function uploadAndAnalyse<V extends { status: string }>(srv: TestServer, file: string, missionName: string, timeoutMs = 120_000): Promise<{ imageId: string; missionId: string; view: V }> {
  const op = srv.as('operator');
  const { id: missionId } = (await (await op('/api/v1/missions', jsonBody({ name: missionName }))).json()) as { id: string };
  const fd = new FormData();
  fd.append('files', new Blob([readFileSync(file)]), path.basename(file));
  const { images } = (await (await op(`/api/v1/missions/${missionId}/images`, { method: 'POST', body: fd })).json()) as { images: Array<{ id: string }> };
  const imageId = images[0]!.id;
  const view = await waitFor(async () => {
    const v = (await (await op(`/api/v1/images/${imageId}`)).json()) as V;
    return v.status === 'done' ? v : undefined;
  }, `${path.basename(file)} analysed`, timeoutMs);
  return { imageId, missionId, view };
}
