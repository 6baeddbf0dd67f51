/** Server paths are cut to their last segment; API paths, coordinates and plain words are left alone. */
import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { redactPaths } from '../../../core/redact-paths.ts';

it('cuts data-folder, temp and server-root paths to their last segment', () => {
  const sha = 'ab'.repeat(32);
  expect(redactPaths(`cannot decode image /srv/dy/data/blobs/originals/ab/ab/${sha}: VipsJpeg: premature end`, ['/srv/dy/data'])).toBe(`cannot decode image …/${sha}: VipsJpeg: premature end`);
  expect(redactPaths(`open '${path.join(os.tmpdir(), 'dy-x', 'audit.key')}'`)).toBe("open '…/audit.key'");
  expect(redactPaths(`model ${path.join(process.cwd(), 'models/dy-hazard/1.4.0/model.onnx')}: bad`)).toBe('model …/model.onnx: bad');
  expect(redactPaths('ENOENT /home/officer/data/app.sqlite and /var/lib/dy/x.db')).toBe('ENOENT …/app.sqlite and …/x.db');
  expect(redactPaths('at C:\\dy\\data\\app.sqlite')).toBe('at …/app.sqlite');
});

it('leaves API paths, numbers and words as they are', () => {
  for (const text of ['no route GET /api/v1/cases/abc', 'at 37.5/118.2', 'either/or', 'the photo is 16000 x 16000 px', 'see https://example.com/docs/x']) {
    expect(redactPaths(text)).toBe(text);
  }
});
