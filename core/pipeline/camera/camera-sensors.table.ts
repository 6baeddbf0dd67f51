/**
 * Sensor sizes of DJI dock and enterprise cameras, for photos whose EXIF lacks a usable focal length or
 * 35 mm equivalent (old firmware, stripped files, thermal/zoom crops). Values are DJI's published specs;
 * where DJI gives only the sensor class (1/2", 4/3"...) the size is that class's usual active area.
 * Keys are the EXIF `Model` (DJI puts the camera's code there: FC7303, L2D-20c, or the drone: M4TD).
 */
export interface SensorSpec {
  /** What it is, for people reading the table. */
  readonly name: string;
  readonly sensorWidthMm: number;
  readonly sensorHeightMm: number;
  /** Real focal length of the (wide) lens, mm. */
  readonly focalMm: number;
  /** 35 mm equivalent focal length, mm. */
  readonly focal35Mm: number;
}

export const CAMERA_SENSORS: Readonly<Record<string, SensorSpec>> = {
  // Dock 3 drone; wide camera 1/1.3" 48 MP, 24 mm eq; EXIF of a real M4TD photo says 6.72 mm.
  M4TD: { name: 'Matrice 4TD wide', sensorWidthMm: 9.7, sensorHeightMm: 7.27, focalMm: 6.72, focal35Mm: 24 },
  // Matrice 4E wide: 4/3" 20 MP, 24 mm eq.
  M4E: { name: 'Matrice 4E wide', sensorWidthMm: 17.3, sensorHeightMm: 13.0, focalMm: 12.29, focal35Mm: 24 },
  M4T: { name: 'Matrice 4T wide', sensorWidthMm: 9.7, sensorHeightMm: 7.27, focalMm: 6.72, focal35Mm: 24 },
  // Dock 2 drone: Matrice 3TD wide 1/1.32" 48 MP, 24 mm eq.
  M3TD: { name: 'Matrice 3TD wide', sensorWidthMm: 9.6, sensorHeightMm: 7.2, focalMm: 6.72, focal35Mm: 24 },
  M3D: { name: 'Matrice 3D wide', sensorWidthMm: 17.3, sensorHeightMm: 13.0, focalMm: 12.29, focal35Mm: 24 },
  // Mavic 3 Enterprise: 4/3" 20 MP, 24 mm eq; Mavic 3 Thermal wide 1/2" 48 MP, 24 mm eq.
  M3E: { name: 'Mavic 3 Enterprise wide', sensorWidthMm: 17.3, sensorHeightMm: 13.0, focalMm: 12.29, focal35Mm: 24 },
  M3T: { name: 'Mavic 3 Thermal wide', sensorWidthMm: 6.4, sensorHeightMm: 4.8, focalMm: 4.4, focal35Mm: 24 },
  // Dock 1 drone: Matrice 30T wide 1/2" 12 MP, 24 mm eq, 4.5 mm.
  M30T: { name: 'Matrice 30T wide', sensorWidthMm: 6.4, sensorHeightMm: 4.8, focalMm: 4.5, focal35Mm: 24 },
  M30: { name: 'Matrice 30 wide', sensorWidthMm: 6.4, sensorHeightMm: 4.8, focalMm: 4.5, focal35Mm: 24 },
  // Mavic 3 Hasselblad (EXIF Make Hasselblad): 4/3", 12.29 mm, 24 mm eq.
  'L2D-20c': { name: 'Mavic 3 Hasselblad', sensorWidthMm: 17.3, sensorHeightMm: 13.0, focalMm: 12.29, focal35Mm: 24 },
  // Mavic 2 Pro Hasselblad: 1", 10.26 mm, 28 mm eq.
  'L1D-20c': { name: 'Mavic 2 Pro Hasselblad', sensorWidthMm: 13.2, sensorHeightMm: 8.8, focalMm: 10.26, focal35Mm: 28 },
  // Mini 2: 1/2.3", 4.49 mm, 24 mm eq.
  FC7303: { name: 'Mini 2', sensorWidthMm: 6.17, sensorHeightMm: 4.55, focalMm: 4.49, focal35Mm: 24 },
  // Phantom 4 (FC330) and Inspire 1 X3 (FC350): 1/2.3", 3.61 mm, 20 mm eq.
  FC330: { name: 'Phantom 4', sensorWidthMm: 6.17, sensorHeightMm: 4.55, focalMm: 3.61, focal35Mm: 20 },
  FC350: { name: 'Inspire 1 X3', sensorWidthMm: 6.17, sensorHeightMm: 4.55, focalMm: 3.61, focal35Mm: 20 },
  // Phantom 4 Pro / Pro V2 and Phantom 4 RTK: 1", 8.8 mm, 24 mm eq.
  FC6310: { name: 'Phantom 4 Pro', sensorWidthMm: 13.2, sensorHeightMm: 8.8, focalMm: 8.8, focal35Mm: 24 },
  FC6310S: { name: 'Phantom 4 Pro V2', sensorWidthMm: 13.2, sensorHeightMm: 8.8, focalMm: 8.8, focal35Mm: 24 },
  FC6310R: { name: 'Phantom 4 RTK', sensorWidthMm: 13.2, sensorHeightMm: 8.8, focalMm: 8.8, focal35Mm: 24 },
};

/** The table entry for an EXIF model string (exact, then case-insensitive), or null. */
export function sensorFor(model: string | null): SensorSpec | null {
  if (!model) return null;
  const key = model.trim();
  const exact = CAMERA_SENSORS[key];
  if (exact) return exact;
  const upper = key.toUpperCase();
  for (const [k, v] of Object.entries(CAMERA_SENSORS)) if (k.toUpperCase() === upper) return v;
  return null;
}
