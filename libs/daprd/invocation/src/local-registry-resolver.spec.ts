import { mkdtempSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalRegistryResolver } from './local-registry-resolver';
import type { SidecarInstance } from './name-resolver';

const instance = (over: Partial<SidecarInstance>): SidecarInstance => ({
  appId: 'orders',
  namespace: 'default',
  host: '127.0.0.1',
  internalPort: 50002,
  httpPort: 3500,
  grpcPort: 50001,
  pid: process.pid,
  startedAt: new Date().toISOString(),
  ...over,
});

describe('LocalRegistryResolver', () => {
  describe('.resolve()', () => {
    it('returns the address of a registered live sidecar', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'nr-'));
      const r = new LocalRegistryResolver(dir);
      await r.register(instance({ internalPort: 41000 }));
      await expect(new LocalRegistryResolver(dir).resolve('orders', 'default')).resolves.toBe('127.0.0.1:41000');
      await expect(new LocalRegistryResolver(dir).resolve('orders', 'prod')).resolves.toBeUndefined();
      await expect(new LocalRegistryResolver(dir).resolve('order', 'default')).resolves.toBeUndefined();
    });

    it('removes entries of dead processes and ignores them', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'nr-'));
      const dead = join(dir, 'default.orders.999999.json');
      writeFileSync(dead, JSON.stringify(instance({ pid: 999999 })));
      await expect(new LocalRegistryResolver(dir).resolve('orders', 'default')).resolves.toBeUndefined();
      expect(existsSync(dead)).toBe(false);
    });

    it('spreads calls over instances in turn', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'nr-'));
      writeFileSync(join(dir, `default.orders.${process.pid}.json`), JSON.stringify(instance({ internalPort: 1 })));
      writeFileSync(join(dir, `default.orders.${process.ppid}.json`), JSON.stringify(instance({ internalPort: 2, pid: process.ppid })));
      const r = new LocalRegistryResolver(dir);
      const seen = [await r.resolve('orders', 'default'), await r.resolve('orders', 'default')];
      expect(seen.sort()).toEqual(['127.0.0.1:1', '127.0.0.1:2']);
    });
  });

  describe('.close()', () => {
    it('removes its own entry', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'nr-'));
      const r = new LocalRegistryResolver(dir);
      await r.register(instance({}));
      await r.close();
      await expect(new LocalRegistryResolver(dir).resolve('orders', 'default')).resolves.toBeUndefined();
    });
  });
});
