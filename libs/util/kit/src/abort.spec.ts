import { errorMessage, raceSignal } from './abort';

describe('raceSignal()', () => {
  it('settles like the promise while the signal stays unaborted', async () => {
    const signal = new AbortController().signal;
    await expect(raceSignal(Promise.resolve(7), signal)).resolves.toBe(7);
    await expect(raceSignal(Promise.reject(new Error('boom')), signal)).rejects.toThrow('boom');
  });

  it('rejects with the abort reason when the signal aborts first', async () => {
    const controller = new AbortController();
    const raced = raceSignal(new Promise<never>(() => undefined), controller.signal);
    controller.abort(new Error('stopping'));
    await expect(raced).rejects.toThrow('stopping');
  });

  it('rejects at once when the signal has already aborted', async () => {
    await expect(raceSignal(Promise.resolve(1), AbortSignal.abort(new Error('gone')))).rejects.toThrow('gone');
  });
});

describe('errorMessage()', () => {
  it.each<[unknown, string]>([
    [new Error('plain'), 'plain'],
    [{ message: 'from another realm' }, 'from another realm'],
    [{ message: 42 }, '[object Object]'],
    ['text', 'text'],
    [undefined, 'undefined'],
  ])('reads %p as %p', (err, message) => {
    expect(errorMessage(err)).toBe(message);
  });
});
