import { nopLogger } from '@dapr-ts/logger';
import type { placementV1 } from '@dapr-ts/proto';
import { Disseminator, type PlacementPhase, type RoundInfo, type RoundMember, type RoundParticipant } from './disseminator';
import type { MemberHost } from './membership';
import { eventually } from './testing/raw-sidecar';

class FakeParticipant implements RoundParticipant {
  readonly orders: placementV1.PlacementOrder[] = [];
  ackCapable: boolean;

  constructor(ackCapable: boolean) {
    this.ackCapable = ackCapable;
  }

  isAckCapable(): boolean {
    return this.ackCapable;
  }

  send(order: placementV1.PlacementOrder): void {
    this.orders.push(order);
  }

  ops(): string[] {
    return this.orders.map((o) => `${o.operation}@${o.version}`);
  }
}

const host = (name: string, entities: string[] = ['Counter']): MemberHost => ({
  name,
  port: 1,
  appId: name,
  entities,
  namespace: 'ns',
  apiLevel: 20,
  updatedAtMs: 0,
});

interface Harness {
  d: Disseminator;
  members: RoundMember[];
  rounds: RoundInfo[];
  timeouts: { participant: RoundParticipant; phase: PlacementPhase; version: number }[];
}

function harness(disseminateTimeoutMs = 10_000): Harness {
  const h: Harness = { members: [], rounds: [], timeouts: [], d: undefined as unknown as Disseminator };
  h.d = new Disseminator({
    namespace: 'ns',
    disseminateTimeoutMs,
    apiLevel: 20,
    replicationFactor: 100,
    logger: nopLogger(),
    members: () => h.members,
    onTimeout: (participant, phase, version) => {
      h.timeouts.push({ participant, phase, version });
      // What the coordinator does: drop the member, forget it, note the change.
      h.members = h.members.filter((m) => m.participant !== participant);
      h.d.forget(participant);
      h.d.changed();
    },
    onRoundStart: (round) => h.rounds.push(round),
  });
  return h;
}

describe('Disseminator', () => {
  describe('.changed()', () => {
    it('sends lock, update and unlock of version 1 to every member without acks from 1.16 streams', async () => {
      const h = harness();
      const a = new FakeParticipant(false);
      const b = new FakeParticipant(false);
      h.members = [
        { host: host('a', ['Counter']), participant: a },
        { host: host('b', []), participant: b },
      ];
      h.d.changed();
      await h.d.whenIdle();
      expect(a.ops()).toEqual(['lock@1', 'update@1', 'unlock@1']);
      expect(b.ops()).toEqual(['lock@1', 'update@1', 'unlock@1']);
      expect(Object.keys(a.orders[1]!.tables!.entries['Counter']!.loadMap)).toEqual(['a']);
      expect(a.orders[0]!.tables).toBeUndefined();
      expect(h.rounds).toEqual([{ namespace: 'ns', version: 1, hosts: ['a', 'b'] }]);
    });

    it('waits for every ack-capable member before the next phase', async () => {
      const h = harness();
      const a = new FakeParticipant(true);
      const b = new FakeParticipant(true);
      h.members = [
        { host: host('a'), participant: a },
        { host: host('b'), participant: b },
      ];
      h.d.changed();
      await eventually('the lock order', () => a.orders.length === 1);
      h.d.acknowledge(a, 'lock', 1);
      await new Promise((resolve) => setImmediate(resolve));
      expect(b.ops()).toEqual(['lock@1']);
      h.d.acknowledge(b, 'lock', 0); // stale version: ignored
      h.d.acknowledge(b, 'update', 1); // wrong phase: ignored
      await new Promise((resolve) => setImmediate(resolve));
      expect(a.ops()).toEqual(['lock@1']);
      h.d.acknowledge(b, 'lock', 1);
      await eventually('the update order', () => a.orders.length === 2);
      for (const p of [a, b]) h.d.acknowledge(p, 'update', 1);
      await eventually('the unlock order', () => b.orders.length === 3);
      for (const p of [a, b]) h.d.acknowledge(p, 'unlock', 1);
      await h.d.whenIdle();
      expect(a.ops()).toEqual(['lock@1', 'update@1', 'unlock@1']);
      expect(h.d.roundInProgress).toBe(false);
    });

    it('batches changes made during a round into one next round', async () => {
      const h = harness();
      const a = new FakeParticipant(true);
      h.members = [{ host: host('a'), participant: a }];
      h.d.changed();
      await eventually('the lock order', () => a.orders.length === 1);
      const others = [new FakeParticipant(false), new FakeParticipant(false), new FakeParticipant(false)];
      others.forEach((p, i) => {
        h.members = [...h.members, { host: host(`x${i}`), participant: p }];
        h.d.changed();
      });
      for (const phase of ['lock', 'update', 'unlock'] as const) {
        await eventually(`${phase}@1`, () => a.orders.some((o) => o.operation === phase && o.version === 1));
        h.d.acknowledge(a, phase, 1);
      }
      for (const phase of ['lock', 'update', 'unlock'] as const) {
        await eventually(`${phase}@2`, () => a.orders.some((o) => o.operation === phase && o.version === 2));
        h.d.acknowledge(a, phase, 2);
      }
      await h.d.whenIdle();
      expect(h.rounds.map((r) => r.version)).toEqual([1, 2]);
      expect(h.rounds[1]!.hosts).toEqual(['a', 'x0', 'x1', 'x2']);
      expect(others[0]!.ops()).toEqual(['lock@2', 'update@2', 'unlock@2']);
    });

    it('cuts a member that does not ack in time, finishes the round for the others and runs another without it', async () => {
      const h = harness(100);
      const stuck = new FakeParticipant(true);
      const legacy = new FakeParticipant(false);
      h.members = [
        { host: host('stuck'), participant: stuck },
        { host: host('legacy'), participant: legacy },
      ];
      h.d.changed();
      await eventually('two rounds', () => h.rounds.length === 2 && !h.d.roundInProgress);
      expect(h.timeouts).toEqual([{ participant: stuck, phase: 'lock', version: 1 }]);
      expect(stuck.ops()).toEqual(['lock@1']);
      expect(legacy.ops()).toEqual(['lock@1', 'update@1', 'unlock@1', 'lock@2', 'update@2', 'unlock@2']);
      expect(Object.keys(legacy.orders[1]!.tables!.entries['Counter']!.loadMap).sort()).toEqual(['legacy', 'stuck']);
      expect(Object.keys(legacy.orders[4]!.tables!.entries['Counter']!.loadMap)).toEqual(['legacy']);
    });

    it('spends no version when the namespace has no members', async () => {
      const h = harness();
      h.d.changed();
      await h.d.whenIdle();
      expect(h.d.currentVersion).toBe(0);
      expect(h.rounds).toEqual([]);
    });
  });

  describe('.forget()', () => {
    it('stops waiting for a member whose stream is gone', async () => {
      const h = harness();
      const gone = new FakeParticipant(true);
      const other = new FakeParticipant(false);
      h.members = [
        { host: host('gone'), participant: gone },
        { host: host('other'), participant: other },
      ];
      h.d.changed();
      await eventually('the lock order', () => gone.orders.length === 1);
      h.members = [h.members[1]!];
      h.d.forget(gone);
      await eventually('the round to end', () => other.orders.length === 3);
      expect(gone.ops()).toEqual(['lock@1']);
    });
  });

  describe('.stop()', () => {
    it('ends the round in progress without sending further orders', async () => {
      const h = harness();
      const a = new FakeParticipant(true);
      h.members = [{ host: host('a'), participant: a }];
      h.d.changed();
      await eventually('the lock order', () => a.orders.length === 1);
      h.d.stop();
      await h.d.whenIdle();
      h.d.changed();
      await h.d.whenIdle();
      expect(a.ops()).toEqual(['lock@1']);
    });
  });
});
