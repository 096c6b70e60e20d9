import { Membership, type ReportedHost } from './membership';

const host = (name: string, overrides: Partial<ReportedHost> = {}): ReportedHost => ({
  name,
  port: 50002,
  appId: name.split(':')[0] ?? name,
  entities: ['Counter'],
  namespace: 'default',
  apiLevel: 20,
  ...overrides,
});

describe('Membership', () => {
  describe('.upsert()', () => {
    it('returns joined for a new name and unchanged for the same report again', () => {
      const m = new Membership<string>();
      expect(m.upsert(host('a:1'), 's1', 1000)).toEqual({ change: 'joined' });
      expect(m.upsert(host('a:1'), 's1', 2000)).toEqual({ change: 'unchanged' });
      expect(m.get('a:1')?.host.updatedAtMs).toBe(1000);
    });

    it('ignores the order of entities', () => {
      const m = new Membership<string>();
      m.upsert(host('a:1', { entities: ['X', 'Y'] }), 's1', 1000);
      expect(m.upsert(host('a:1', { entities: ['Y', 'X'] }), 's1', 2000).change).toBe('unchanged');
    });

    it.each([
      ['entities', { entities: ['Counter', 'Timer'] }],
      ['port', { port: 50003 }],
      ['app id', { appId: 'other' }],
    ])('returns updated when the %s change', (_what, overrides) => {
      const m = new Membership<string>();
      m.upsert(host('a:1'), 's1', 1000);
      expect(m.upsert(host('a:1', overrides), 's1', 2000)).toEqual({ change: 'updated' });
      expect(m.get('a:1')?.host).toMatchObject({ ...overrides, updatedAtMs: 2000 });
    });

    it('returns replaced with the previous owner when another stream reports the same name', () => {
      const m = new Membership<string>();
      m.upsert(host('a:1'), 's1', 1000);
      expect(m.upsert(host('a:1'), 's2', 2000)).toEqual({ change: 'replaced', previousOwner: 's1' });
      expect(m.get('a:1')?.owner).toBe('s2');
    });

    it('names the previous namespace when the replacement moves the host', () => {
      const m = new Membership<string>();
      m.upsert(host('a:1', { namespace: 'ns1' }), 's1', 1000);
      expect(m.upsert(host('a:1', { namespace: 'ns2' }), 's2', 2000)).toEqual({ change: 'replaced', previousOwner: 's1', previousNamespace: 'ns1' });
      expect(m.members('ns1')).toEqual([]);
      expect(m.members('ns2').map((x) => x.host.name)).toEqual(['a:1']);
    });
  });

  describe('.remove()', () => {
    it('removes the host when the owner matches', () => {
      const m = new Membership<string>();
      m.upsert(host('a:1'), 's1', 1000);
      expect(m.remove('a:1', 's1')?.name).toBe('a:1');
      expect(m.all()).toEqual([]);
    });

    it('keeps the host when a replaced stream ends', () => {
      const m = new Membership<string>();
      m.upsert(host('a:1'), 's1', 1000);
      m.upsert(host('a:1'), 's2', 2000);
      expect(m.remove('a:1', 's1')).toBeUndefined();
      expect(m.get('a:1')?.owner).toBe('s2');
    });
  });

  describe('.members()', () => {
    it('keeps namespaces apart, "" being a namespace of its own', () => {
      const m = new Membership<string>();
      m.upsert(host('a:1', { namespace: '' }), 's1', 1);
      m.upsert(host('b:1', { namespace: 'default' }), 's2', 1);
      m.upsert(host('c:1', { namespace: '' }), 's3', 1);
      expect(m.members('').map((x) => x.host.name)).toEqual(['a:1', 'c:1']);
      expect(m.members('default').map((x) => x.host.name)).toEqual(['b:1']);
    });
  });
});
