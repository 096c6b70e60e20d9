import { AbstractActor, CommunicationProtocolEnum } from '@dapr/dapr';
import { PlacementProcess, tempDir } from '@dapr-ts/testing';
import { ActorHost, activeCount } from '../../../support/actor-host';
import { actorApi } from '../../../support/actor-raw-api';
import { deleteActorKeys, namedActorClass, redisActorResources, runSuffix } from '../../../support/actor-resources';
import { waitFor } from '../../../support/actor-wait';
import { Protocols } from '../../../support/sidecar-pair';

// Sidecars start, crash and shut down here: every test and hook gets the e2e target's budget.
jest.setTimeout(60_000);

interface Vault {
  put(key: string, value: unknown): Promise<void>;
  read(key: string): Promise<unknown>;
}

/** Activations and deactivations seen by the app, per actor id. */
const lifecycle = new Map<string, { activated: number; deactivated: number }>();
const entry = (key: string): { activated: number; deactivated: number } => {
  let found = lifecycle.get(key);
  if (!found) lifecycle.set(key, (found = { activated: 0, deactivated: 0 }));
  return found;
};

class VaultActor extends AbstractActor implements Vault {
  async put(key: string, value: unknown): Promise<void> {
    // Saved by the SDK when the method returns (onActorMethodPostInternal).
    await this.getStateManager<unknown>().setState(key, value);
  }
  async read(key: string): Promise<unknown> {
    const [found, value] = await this.getStateManager<unknown>().tryGetState(key);
    return found ? value : 'missing';
  }
  override async onActivate(): Promise<void> {
    entry(`${this.getActorType() as string}/${this.getActorId().getId()}`).activated++;
  }
  override async onDeactivate(): Promise<void> {
    entry(`${this.getActorType() as string}/${this.getActorId().getId()}`).deactivated++;
  }
}

/**
 * Actor state through the SDK's state manager, kept in Redis. The app's own client (which the
 * state manager uses) speaks HTTP on one host and gRPC on the other; the SDK's gRPC client sends
 * values as their string form (reference/sdk-client.md), so that host stores strings and numbers.
 */
describe.each(Protocols)('actors: state with the SDK state manager, app client over %s', (name, appProtocol) => {
  const suffix = runSuffix();
  const Vault = namedActorClass(VaultActor, `Vault${name}-${suffix}`);
  const appId = `vault-${name.toLowerCase()}-${suffix}`;
  const resourcesDir = redisActorResources();
  const registryDir = tempDir('dapr-registry-');
  const placement = new PlacementProcess();
  const value = appProtocol === CommunicationProtocolEnum.HTTP ? { owner: 'ada', balance: 12.5, tags: ['a', 'b'] } : 'ada:12.5';
  let host: ActorHost;

  const startHost = (): Promise<ActorHost> =>
    ActorHost.start({ appId, placementAddress: placement.address, actors: [Vault], resourcesDir, registryDir, clientProtocol: appProtocol, runtime: { actorIdleTimeout: '1s' } });

  beforeAll(async () => {
    await placement.run();
    await placement.waitUntilRunning();
    host = await startHost();
  }, 60_000);
  afterAll(async () => {
    await host?.stop();
    await placement.cleanup();
    await deleteActorKeys(Vault.name);
  });

  it.each(Protocols)('sets and reads state through a proxy over %s', async (_p, protocol) => {
    const vault = host.proxy<Vault>(Vault, `set-${protocol}`, protocol);
    await vault.put('balance', value);
    await vault.put('count', 7);
    expect(await vault.read('balance')).toEqual(value);
    expect(await vault.read('count')).toBe(7);
    expect(await vault.read('never-set')).toBe('missing');
  });

  it('keeps state across idle deactivation', async () => {
    const id = 'idle';
    const vault = host.proxy<Vault>(Vault, id, CommunicationProtocolEnum.HTTP);
    await vault.put('balance', value);
    const key = `${Vault.name}/${id}`;
    await waitFor(`${id} to be deactivated after 1s idle`, () => entry(key).deactivated >= 1, 15_000);
    await waitFor('no active actors in the metadata', async () => (await activeCount(host.daprd, Vault.name)) === 0);
    expect(await vault.read('balance')).toEqual(value);
    expect(entry(key).activated).toBe(2);
  });

  it('answers raw state reads with 200 and the JSON value, 204 for a missing key', async () => {
    await host.proxy<Vault>(Vault, 'raw', CommunicationProtocolEnum.GRPC).put('n', 41);
    const found = await actorApi(host.daprd, 'GET', `${Vault.name}/raw/state/n`);
    expect([found.status, found.contentType, found.text]).toEqual([200, 'application/json', '41']);
    const missing = await actorApi(host.daprd, 'GET', `${Vault.name}/raw/state/nothing`);
    expect([missing.status, missing.text]).toEqual([204, '']);
  });

  it('keeps state across a crash and restart of the hosting sidecar and app', async () => {
    const vault = host.proxy<Vault>(Vault, 'durable', CommunicationProtocolEnum.HTTP);
    await vault.put('balance', value);
    await host.kill();
    host = await startHost();
    for (const [, protocol] of Protocols) expect(await host.proxy<Vault>(Vault, 'durable', protocol).read('balance')).toEqual(value);
  }, 60_000);
});
