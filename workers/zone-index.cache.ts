/**
 * The spatial index over all zones, rebuilt only when the zone table changes (its version stamp), so
 * analysing a photo costs a stamp query, not an index build.
 */
import type { GeoRepository } from '../core/db/repositories/geo.repository.ts';
import { buildZoneIndex, type ZoneIndex } from '../core/pipeline/geofence/zone.index.ts';

export class ZoneIndexCache {
  private version = '';
  private index: ZoneIndex | null = null;

  constructor(private readonly geo: GeoRepository) {}

  async current(): Promise<ZoneIndex> {
    const version = await this.geo.zonesVersion();
    if (!this.index || version !== this.version) {
      this.index = buildZoneIndex(await this.geo.zones());
      this.version = version;
    }
    return this.index;
  }
}
