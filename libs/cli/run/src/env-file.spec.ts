import { isCliError } from '@dapr-ts/cli-standalone';
import { parseEnvFile } from './env-file';

describe('parseEnvFile()', () => {
  it('returns variables, skipping comments and unquoting values', () => {
    const text = '# comment\n\nA=1\nexport B = two words # trailing\nC="line\\nbreak"\nD=\'#not a comment\'\nE=\n';
    expect(parseEnvFile(text, '.env')).toEqual({ A: '1', B: 'two words', C: 'line\nbreak', D: '#not a comment', E: '' });
  });

  it('throws a CliError naming file and line for a line without =', () => {
    let err: unknown;
    try {
      parseEnvFile('A=1\nbroken\n', '/w/.env');
    } catch (e) {
      err = e;
    }
    expect(isCliError(err)).toBe(true);
    expect((err as Error).message).toBe('/w/.env:2: expected KEY=value');
  });
});
