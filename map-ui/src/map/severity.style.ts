/**
 * Colours and marker icons by severity and case status; one place so the map, legend, list and panel
 * agree. Severity is the hue, told apart at a glance and by colour-blind eyes (blue, yellow, orange,
 * red differ in lightness too); status is the shape: filled while work is due, hollow once rectified
 * (awaiting the check), grey once closed or dismissed.
 */
import L from 'leaflet';
import type { Severity } from '../api/types.ts';

export const SEVERITY_COLOR: Record<Severity, string> = {
  low: '#1c6fb0',
  medium: '#f2c200',
  high: '#f76707',
  critical: '#c01c28',
};

export const SEVERITY_RANK: Record<Severity, number> = { low: 0, medium: 1, high: 2, critical: 3 };

/** How a case's status is drawn. */
export type StatusLook = 'open' | 'rectified' | 'closed';
export function statusLook(status: string | null | undefined): StatusLook {
  if (status === 'closed' || status === 'dismissed') return 'closed';
  if (status === 'rectified' || status === 'verified') return 'rectified';
  return 'open';
}

const icons = new Map<string, L.DivIcon>();

/**
 * A round marker for a case (or a finding without one): its severity colour, its status look, the
 * number of sightings when more than one, and a ring when it is the selected case. Cached by look:
 * thousands of markers share a few dozen icons.
 */
export function caseIcon(severity: Severity, status: string | null | undefined, sightings = 1, selected = false): L.DivIcon {
  const look = statusLook(status);
  const key = `${severity}|${look}|${Math.min(sightings, 100)}|${selected}`;
  let icon = icons.get(key);
  if (!icon) {
    // Only a colour from the table reaches the icon's HTML string.
    const colour = Object.hasOwn(SEVERITY_COLOR, severity) ? SEVERITY_COLOR[severity] : '#555';
    const size = selected ? 26 : 20;
    const style = look === 'rectified' ? `background:#fff;border-color:${colour}` : look === 'closed' ? '' : `background:${colour}`;
    icon = L.divIcon({
      className: `finding-icon sev-${severity} look-${look}${selected ? ' selected' : ''}`,
      html: `<span style="${style}"></span>${sightings > 1 ? `<b class="n">${sightings > 99 ? '99+' : sightings}</b>` : ''}`,
      iconSize: [size, size],
      iconAnchor: [size / 2, size / 2],
    });
    icons.set(key, icon);
  }
  return icon;
}

/** The plain severity marker (kept for callers that have no case). */
export const severityIcon = (severity: Severity): L.DivIcon => caseIcon(severity, null);
