import { createRootLogger } from './logger';

function collect(): { lines: string[]; destination: { write(line: string): void } } {
  const lines: string[] = [];
  return { lines, destination: { write: (line: string) => void lines.push(line) } };
}

describe('createRootLogger()', () => {
  it('writes JSON lines with Dapr fields when json is on', () => {
    const { lines, destination } = collect();
    const log = createRootLogger({ scope: 'dapr.runtime', level: 'info', json: true, version: '1.16.0', appId: 'app1', destination });
    log.child({ scope: 'dapr.runtime.http' }).warn('hello', { component: 'store' });
    expect(lines).toHaveLength(1);
    const record = JSON.parse(lines[0] ?? '{}');
    expect(record).toMatchObject({ level: 'warning', msg: 'hello', scope: 'dapr.runtime.http', app_id: 'app1', type: 'log', ver: '1.16.0', component: 'store' });
    expect(typeof record.instance).toBe('string');
    expect(new Date(record.time).toISOString()).toBe(record.time);
  });

  it('writes logfmt text with time, level and msg first by default', () => {
    const { lines, destination } = collect();
    const log = createRootLogger({ scope: 'dapr.runtime', level: 'info', json: false, version: '1.16.0', destination });
    log.info('daprd started on port 3500');
    expect(lines[0]).toMatch(/^time=\S+ level=info msg="daprd started on port 3500" instance=\S+ scope=dapr.runtime type=log ver=1.16.0\n$/);
  });

  it('writes each field once when children override scope and type', () => {
    const { lines, destination } = collect();
    const log = createRootLogger({ scope: 'dapr.runtime', level: 'info', json: true, version: 'v', destination });
    log.child({ scope: 'dapr.runtime.http' }).child({ type: 'request' }).info('HTTP API Called');
    const line = lines[0] ?? '';
    expect(line.match(/"scope"/g)).toHaveLength(1);
    expect(line.match(/"type"/g)).toHaveLength(1);
    expect(JSON.parse(line)).toMatchObject({ scope: 'dapr.runtime.http', type: 'request' });
  });

  it('drops lines below the configured level', () => {
    const { lines, destination } = collect();
    const log = createRootLogger({ scope: 's', level: 'warn', json: true, version: 'v', destination });
    log.info('quiet');
    log.debug('quieter');
    expect(lines).toEqual([]);
    expect(log.isLevelEnabled('error')).toBe(true);
  });
});
