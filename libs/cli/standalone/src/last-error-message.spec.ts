import { lastErrorMessage } from './last-error-message';

describe('lastErrorMessage()', () => {
  it('returns the msg of the last error line in text format, unescaped', () => {
    const out = [
      'time=t level=info msg="Starting" app_id=a',
      'time=t level=error msg="first" app_id=a',
      'time=t level=fatal msg="Fatal error: component \\"x\\" broken" app_id=a',
      'time=t level=info msg="after" app_id=a',
    ].join('\n');
    expect(lastErrorMessage(out)).toBe('Fatal error: component "x" broken');
  });

  it('returns the msg of an error line in JSON format', () => {
    expect(lastErrorMessage('{"level":"info","msg":"a"}\n{"level":"error","msg":"boom"}\n')).toBe('boom');
  });

  it('returns undefined when daprd logged no error', () => {
    expect(lastErrorMessage('time=t level=info msg="ok"\n')).toBeUndefined();
  });
});
