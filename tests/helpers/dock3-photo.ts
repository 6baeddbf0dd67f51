/**
 * The real Dock 3 photo from 21.6 m (about 130 px/m) that the ground-size and export tests are built on,
 * and the shipped model whose mistakes on it are their material: 1.2.0 reads crates on pallets as tanker
 * trucks and excavators. Newer models make fewer of those mistakes, so these tests pin it.
 */
export const DOCK3_PHOTO = 'images/dji_rgb/tummakeathon_M4TD_DJI_20250424192959_0014_V.jpeg';
export const DOCK3_FOOLED_MODEL = 'dy-hazard@1.2.0';
