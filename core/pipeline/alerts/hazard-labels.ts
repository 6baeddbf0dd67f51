/** Chinese names of hazard classes and severities, as officers read them in alerts (DOMAIN.md tables). */
import type { HazardClass, Severity } from '../../domain.ts';

export const HAZARD_LABELS_ZH: Readonly<Record<HazardClass, string>> = {
  fire: '明火',
  smoke: '烟雾',
  excavator: '施工机械',
  oil_spill: '油污泄漏',
  steel_shed: '彩钢棚违建',
  tanker_truck: '危化品罐车',
};

export const SEVERITY_LABELS_ZH: Readonly<Record<Severity, string>> = {
  low: '低',
  medium: '中',
  high: '高',
  critical: '严重',
};

/** The Chinese label of a class; a class the table does not know (a newer model's) shows as itself. */
export function hazardLabel(cls: string): string {
  return (HAZARD_LABELS_ZH as Record<string, string>)[cls] ?? cls;
}
