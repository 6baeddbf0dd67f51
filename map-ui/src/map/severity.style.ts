/** Colours and marker icons by severity; one place so the map, legend and panel agree. */
import L from 'leaflet';
import type { Severity } from '../api/types.ts';

/** Severity colours, dark enough for white borders and for 3:1 contrast against the basemap. */
export const SEVERITY_COLOR: Record<Severity, string> = {
  low: '#1c6fb0',
  medium: '#b07800',
  high: '#d9480f',
  critical: '#c01c28',
};

export const SEVERITY_RANK: Record<Severity, number> = { low: 0, medium: 1, high: 2, critical: 3 };

const icons = new Map<string, L.DivIcon>();

/** A round marker icon for one severity (cached: 20,000 markers share four icons). */
export function severityIcon(severity: Severity): L.DivIcon {
  let icon = icons.get(severity);
  if (!icon) {
    icon = L.divIcon({
      className: `finding-icon sev-${severity}`,
      // A string (one element cannot sit in 20,000 markers); only a colour from the table goes into it.
      html: `<span style="background:${Object.hasOwn(SEVERITY_COLOR, severity) ? SEVERITY_COLOR[severity] : '#555'}"></span>`,
      iconSize: [18, 18],
      iconAnchor: [9, 9],
    });
    icons.set(severity, icon);
  }
  return icon;
}
