/**
 * The recovery sweeper on real Redis and a real database: a photo left `processing` with no job, or failed
 * by a crash, is queued again from ingest after two sweeps agree; never while a job still carries it;
 * bounded by RECOVERY_MAX_ATTEMPTS, then failed with a reason. A job BullMQ fails for stalling marks its
 * photo failed with the crash reason.
 */
import { Job } from 'bullmq';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { JobName, QueueName } from '../../core/jobs.ts';
import { recordStalledFailure, WORKER_CRASH_REASON } from '../../workers/processors/image-failure.ts';
import { startRecoverySweeper, type RecoverySweeper } from '../../workers/recovery.sweeper.ts';
import { createTestServices, describeEachDb, type TestServices } from '../helpers/test-services.ts';

describeEachDb('recovery sweeper', (kind) => {
  let s: TestServices;
  let sweeper: RecoverySweeper;
  beforeEach(async () => {
    s = await createTestServices(kind, { RECOVERY_MAX_ATTEMPTS: '2' });
    // A long interval: the test drives the sweeps itself.
    sweeper = startRecoverySweeper(s, { intervalMs: 3_600_000, maxAttempts: s.config.RECOVERY_MAX_ATTEMPTS });
    await sweeper.sweep();
  });
  afterEach(async () => {
    sweeper.stop();
    await s.dispose();
  });

  async function photo(status: 'processing' | 'queued' | 'failed', error: string | null = null): Promise<string> {
    const mission = await s.missions.create({ name: 'm' });
    const { image } = await s.images.register({ missionId: mission.id, sha256: `${Math.random()}`.padEnd(64, '0'), filename: 'a.jpg', size: 1, contentType: 'image/jpeg' });
    await s.images.setStatus(image.id, status, error);
    return image.id;
  }
  const ingestJobs = async () => (await s.jobs.queues[QueueName.Ingest].getJobs(['waiting'])).map((j) => ({ id: j.id, imageId: (j.data as { imageId: string }).imageId }));

  it('re-enqueues an orphaned processing photo only after two sweeps agree, then stops at the bound', async () => {
    const id = await photo('processing');
    expect(await sweeper.sweep()).toEqual([]);
    expect(await sweeper.sweep()).toEqual([id]);
    expect(await ingestJobs()).toEqual([{ id: `${JobName.IngestImage}_${id}_r1`, imageId: id }]);
    expect((await s.images.get(id))!.status).toBe('queued');
    // While that job waits, nothing more happens.
    await s.images.setStatus(id, 'processing');
    expect(await sweeper.sweep()).toEqual([]);
    expect(await sweeper.sweep()).toEqual([]);
    // The job vanished (a crash ate it): recovery 2, then the bound.
    await s.jobs.queues[QueueName.Ingest].obliterate({ force: true });
    await sweeper.sweep();
    expect(await sweeper.sweep()).toEqual([id]);
    await s.jobs.queues[QueueName.Ingest].obliterate({ force: true });
    await s.images.setStatus(id, 'processing');
    await sweeper.sweep();
    expect(await sweeper.sweep()).toEqual([]);
    const image = await s.images.get(id);
    expect(image!.status).toBe('failed');
    expect(image!.error).toBe(`${WORKER_CRASH_REASON}: gave up after 2 recoveries`);
  });

  it('retries a photo failed by a crash, but not one failed for bad input or one just queued', async () => {
    const crashed = await photo('failed', `${WORKER_CRASH_REASON}: workers stopped`);
    const bad = await photo('failed', 'BAD_IMAGE: not a JPEG');
    const fresh = await photo('queued');
    await sweeper.sweep();
    expect(await sweeper.sweep()).toEqual([crashed]);
    expect((await s.images.get(bad))!.status).toBe('failed');
    expect((await s.images.get(fresh))!.status).toBe('queued');
  });

  it('marks the photo of a job BullMQ failed for stalling as failed by a crash, and removes the job', async () => {
    const id = await photo('processing');
    await s.jobs.add({ name: JobName.AnalyzeImage, data: { imageId: id } });
    const job = (await Job.fromId(s.jobs.queues[QueueName.Analyze], `${JobName.AnalyzeImage}_${id}`))!;
    expect(await recordStalledFailure(s, job, new Error('job stalled more than allowable limit'))).toBe(true);
    const image = await s.images.get(id);
    expect(image!.status).toBe('failed');
    expect(image!.error).toMatch(new RegExp(`^${WORKER_CRASH_REASON}: .*analyze-image`));
    expect(await Job.fromId(s.jobs.queues[QueueName.Analyze], `${JobName.AnalyzeImage}_${id}`)).toBeUndefined();
    // Other failures are the processors' to record.
    expect(await recordStalledFailure(s, job, new Error('boom'))).toBe(false);
  });
});
