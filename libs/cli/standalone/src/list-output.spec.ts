import { formatAge, formatCreated, formatListTable, toListRow, type ListRow } from './list-output';
import type { SidecarInfo } from './sidecar-registry';

const sidecar: SidecarInfo = {
  appId: 'orders',
  namespace: 'default',
  httpPort: 3500,
  grpcPort: 50001,
  appPort: 3000,
  pid: 101,
  startedAt: new Date(2026, 0, 2, 3, 4, 5).toISOString(),
  appCommand: 'node app.js',
  appPid: 103,
  cliPid: 100,
  runTemplatePath: '/work/dapr.yaml',
  runTemplateName: 'dapr.yaml',
};

describe('list output', () => {
  describe('formatAge()', () => {
    it.each([
      [0, '0s'],
      [59_999, '59s'],
      [60_000, '1m'],
      [3_599_000, '59m'],
      [3_600_000, '1h'],
      [86_399_000, '23h'],
      [86_400_000, '1d'],
      [-5_000, '0s'],
    ])('returns the largest whole unit for %i ms', (ms, expected) => {
      expect(formatAge(ms)).toBe(expected);
    });
  });

  describe('formatCreated()', () => {
    it('returns the Go CLI layout with a dot before the seconds', () => {
      expect(formatCreated(new Date(2026, 0, 2, 3, 4, 5))).toBe('2026-01-02 03:04.05');
    });
  });

  describe('toListRow()', () => {
    it('returns every column from the registry file and the recorded metadata', () => {
      expect(toListRow(sidecar, new Date(2026, 0, 2, 3, 6, 5))).toEqual({
        appId: 'orders',
        httpPort: 3500,
        grpcPort: 50001,
        appPort: 3000,
        command: 'node app.js',
        age: '2m',
        created: '2026-01-02 03:04.05',
        daprdPid: 101,
        cliPid: 100,
        appPid: 103,
        runTemplatePath: '/work/dapr.yaml',
      });
    });

    it('returns zeros and empty strings for what a bare daprd did not record', () => {
      const bare: SidecarInfo = { ...sidecar, appPort: undefined, appCommand: '', appPid: undefined, cliPid: undefined, runTemplatePath: '', startedAt: 'garbage' };
      expect(toListRow(bare, new Date())).toMatchObject({ appPort: 0, command: '', cliPid: 0, appPid: 0, age: '', created: '' });
    });
  });

  describe('formatListTable()', () => {
    it('returns upper-case headers and columns aligned with two spaces', () => {
      const row: ListRow = toListRow(sidecar, new Date(2026, 0, 2, 3, 4, 15));
      expect(formatListTable([row, { ...row, appId: 'checkout-service', appPid: 7 }])).toBe(
        [
          'APP ID            HTTP PORT  GRPC PORT  APP PORT  COMMAND      AGE  CREATED              DAPRD PID  CLI PID  APP PID',
          'orders            3500       50001      3000      node app.js  10s  2026-01-02 03:04.05  101        100      103',
          'checkout-service  3500       50001      3000      node app.js  10s  2026-01-02 03:04.05  101        100      7',
          '',
        ].join('\n'),
      );
    });
  });
});
