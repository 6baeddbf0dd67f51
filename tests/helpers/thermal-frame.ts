/**
 * A frame of the thermal fire set (../shared/realdata/thermal_fire, "Fire - v3", CC BY 4.0) from a source
 * (cap_<n>) that models/training/thermal_data.py --seed 17 holds out for testing: the shipped dy-thermal
 * never saw any version of it. Chosen among the held-out frames with one labelled fire.
 */
export const THERMAL_FIRE_TEST_FRAME = 'train/images/cap_39_jpg.rf.0a5f035b68ae08cd4defe1aefa4174e6.jpg';
