import { placementV1 } from '@dapr-ts/proto';
import { buildPlacementTables } from './placement-tables';
import type { MemberHost } from './membership';

const member = (name: string, entities: string[], namespace = 'default'): MemberHost => ({
  name,
  port: 7000,
  appId: `app-${name}`,
  entities,
  namespace,
  apiLevel: 20,
  updatedAtMs: 0,
});

describe('buildPlacementTables()', () => {
  it('lists, per actor type, the hosts that serve it in load_map', () => {
    const tables = buildPlacementTables([member('a:1', ['Counter', 'Timer']), member('b:1', ['Counter']), member('c:1', [])], 7, {
      apiLevel: 20,
      replicationFactor: 100,
    });
    expect(tables.version).toBe('7');
    expect(tables.apiLevel).toBe(20);
    expect(tables.replicationFactor).toBe(100);
    expect(Object.keys(tables.entries).sort()).toEqual(['Counter', 'Timer']);
    expect(Object.keys(tables.entries['Counter']!.loadMap).sort()).toEqual(['a:1', 'b:1']);
    expect(Object.keys(tables.entries['Timer']!.loadMap)).toEqual(['a:1']);
    expect(tables.entries['Timer']!.loadMap['a:1']).toEqual(
      placementV1.Host.fromPartial({ name: 'a:1', port: 7000, id: 'app-a:1', entities: ['Counter', 'Timer'], namespace: 'default' }),
    );
  });

  it('survives the wire: what the sidecar decodes is what was built', () => {
    const tables = buildPlacementTables([member('a:1', ['Counter'])], 1, { apiLevel: 20, replicationFactor: 5 });
    const order = placementV1.PlacementOrder.fromPartial({ operation: 'update', version: 1, tables });
    const decoded = placementV1.PlacementOrder.decode(placementV1.PlacementOrder.encode(order).finish());
    expect(decoded.tables?.entries['Counter']?.loadMap['a:1']?.name).toBe('a:1');
    expect(decoded.tables?.replicationFactor).toBe(5);
    expect(decoded.version).toBe(1);
  });

  it('returns no entries when no host has actor types', () => {
    expect(buildPlacementTables([member('a:1', [])], 1, { apiLevel: 20, replicationFactor: 100 }).entries).toEqual({});
  });
});
