import { uniqueName } from './unique-name';

describe('uniqueName()', () => {
  it('is <label>-<pid>-<8 hex digits>, different on each call', () => {
    const [a, b] = [uniqueName('orders'), uniqueName('orders')];
    expect(a).toMatch(new RegExp(`^orders-${process.pid}-[0-9a-f]{8}$`));
    expect(a).not.toBe(b);
  });
});
