import { placementV1 } from '@dapr-ts/proto';
import type { MemberHost } from './membership';

export interface PlacementTableSettings {
  apiLevel: number;
  replicationFactor: number;
}

/**
 * Builds the tables an `update` order carries: per actor type, the hosts that serve it in
 * `load_map`. Sidecars hash actor IDs onto that set themselves (API level 20), so the legacy
 * `hosts`/`sorted_set`/`total_load` fields stay empty. Hosts without entities appear nowhere.
 */
export function buildPlacementTables(members: readonly MemberHost[], version: number, settings: PlacementTableSettings): placementV1.PlacementTables {
  const entries: Record<string, placementV1.PlacementTable> = {};
  for (const member of members) {
    for (const actorType of new Set(member.entities)) {
      const table = (entries[actorType] ??= { hosts: {}, sortedSet: [], loadMap: {}, totalLoad: 0 });
      table.loadMap[member.name] = placementV1.Host.fromPartial({
        name: member.name,
        port: member.port,
        id: member.appId,
        entities: [...member.entities],
        namespace: member.namespace,
      });
    }
  }
  return { entries, version: String(version), apiLevel: settings.apiLevel, replicationFactor: settings.replicationFactor };
}
