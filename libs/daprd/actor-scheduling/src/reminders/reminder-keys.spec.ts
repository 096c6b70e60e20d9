import { reminderMetaKey, reminderPartitionKey, reminderPartitionOf, reminderTrackKey } from './reminder-keys';

describe('reminder keys', () => {
  it('spells the store keys literally', () => {
    expect(reminderMetaKey('Cart')).toBe('actors||Cart||reminders||meta');
    expect(reminderPartitionKey('Cart', 3)).toBe('actors||Cart||reminders||3');
    expect(reminderTrackKey('Cart', 'c1', 'daily')).toBe('actors||Cart||c1||reminders||daily||track');
  });

  describe('reminderPartitionOf()', () => {
    it('is FNV-1a of the UTF-8 id, so every sidecar computes the same partition', () => {
      // FNV-1a 32 of "abc" is 0x1a47e90b.
      expect(reminderPartitionOf('abc', 0x7fffffff)).toBe(0x1a47e90b % 0x7fffffff);
      expect(reminderPartitionOf('abc', 16)).toBe(0x1a47e90b % 16);
      expect(reminderPartitionOf('é', 1000)).toBe(reminderPartitionOf('é', 1000));
    });

    it('uses every partition for many ids', () => {
      const used = new Set(Array.from({ length: 1000 }, (_, i) => reminderPartitionOf(`actor-${i}`, 16)));
      expect([...used].sort((a, b) => a - b)).toEqual(Array.from({ length: 16 }, (_, p) => p));
    });
  });
});
