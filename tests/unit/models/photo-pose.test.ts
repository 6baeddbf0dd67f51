import { expect, it } from 'vitest';
import { HAZARD_GROUND_SIZE_M, holdsBack } from '../../../core/pipeline/camera/ground-size.check.ts';
import type { Detection } from '../../../core/domain.ts';
import { readPhotoPose, sizeDetections } from '../../../models/inference/photo-pose.ts';
import { describeRealdata, realdata } from '../../helpers/realdata.ts';

/** The boxes of the photo at `file` sized from its own pose, as detect and eval:model do. */
async function sizePhotoDetections(file: string, detections: Detection[], ranges: typeof HAZARD_GROUND_SIZE_M) {
  const { camera } = await readPhotoPose(file);
  return { hasPose: camera !== null, detections: sizeDetections(camera, detections, ranges) };
}

describeRealdata('sizePhotoDetections on real photos', () => {
  it("sizes boxes from a Dock 3 photo's own pose (21.6 m up, 24 mm eq. on 4032 px: about 8 mm a pixel)", async () => {
    const file = realdata('images/dji_rgb/tummakeathon_M4TD_DJI_20250424192959_0014_V.jpeg');
    const crate = { class: 'excavator', score: 0.99, bbox: [1946, 976, 133, 146] as [number, number, number, number] };
    const truck = { class: 'tanker_truck', score: 0.99, bbox: [1500, 1200, 1400, 330] as [number, number, number, number] };
    const { hasPose, detections } = await sizePhotoDetections(file, [crate, truck], HAZARD_GROUND_SIZE_M);
    expect(hasPose).toBe(true);
    expect(detections[0]!.groundSizeM!.longM).toBeGreaterThan(0.9);
    expect(detections[0]!.groundSizeM!.longM).toBeLessThan(1.4);
    expect(detections[0]!.sizeCheck).toBe('too_small');
    expect(holdsBack(detections[0]!.sizeCheck)).toBe(true);
    // 1400 x 330 px from there is about 11 m x 2.6 m: a tanker's size
    expect(detections[1]!.groundSizeM!.longM).toBeGreaterThan(9);
    expect(detections[1]!.groundSizeM!.longM).toBeLessThan(13);
    expect(detections[1]!.sizeCheck).toBe('plausible');
    expect(holdsBack(detections[1]!.sizeCheck)).toBe(false);
  });

  it('leaves size and verdict unknown for a photo without a pose (a satellite tile)', async () => {
    const file = realdata('aerial/storage_tanks_satellite/airbus_oiltank_285e6333-af23-4d4c-b029-28f615fc4e71.jpg');
    const { hasPose, detections } = await sizePhotoDetections(file, [{ class: 'excavator', score: 0.96, bbox: [10, 10, 38, 32] }], HAZARD_GROUND_SIZE_M);
    expect(hasPose).toBe(false);
    expect(detections[0]).toMatchObject({ groundSizeM: null, sizeCheck: null });
    expect(holdsBack(detections[0]!.sizeCheck)).toBe(false);
  });
});
