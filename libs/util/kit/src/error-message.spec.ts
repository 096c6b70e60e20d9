import { errorMessage } from './abort';

describe('errorMessage()', () => {
  it('returns an error’s message, read by field', () => {
    expect([errorMessage(new Error('boom')), errorMessage({ message: 'duck-typed' })]).toEqual(['boom', 'duck-typed']);
  });

  it('joins the messages of an AggregateError whose own message is empty', () => {
    expect(errorMessage(new AggregateError([new Error('connect ECONNREFUSED ::1:5432'), new Error('connect ECONNREFUSED 127.0.0.1:5432')], ''))).toBe(
      'connect ECONNREFUSED ::1:5432; connect ECONNREFUSED 127.0.0.1:5432',
    );
  });

  it('falls back to the value as text', () => {
    expect([errorMessage('plain'), errorMessage(undefined), errorMessage(new Error(''))]).toEqual(['plain', 'undefined', 'Error']);
  });
});
