import { ResourceError, isResourceError } from './resource-error';

describe('ResourceError', () => {
  it.each([
    [{ file: 'c.yaml', problem: 'invalid YAML' }, 'c.yaml: invalid YAML'],
    [{ file: 'c.yaml', resource: 'Component "s"', problem: 'bad' }, 'c.yaml: Component "s": bad'],
    [{ file: 'c.yaml', resource: 'Component "s"', field: 'spec.type', problem: 'is required' }, 'c.yaml: Component "s": spec.type: is required'],
  ])('builds the message from %j', (details, message) => {
    const err = new ResourceError(details);
    expect([err.name, err.message, err.file, err.problem]).toEqual(['ResourceError', message, 'c.yaml', details.problem]);
  });

  it('keeps the cause when one is given', () => {
    const cause = new Error('EACCES');
    expect(new ResourceError({ file: 'c.yaml', problem: 'cannot read file', cause }).cause).toBe(cause);
  });
});

describe('isResourceError()', () => {
  it('returns true for a ResourceError and for a branded copy from another module instance', () => {
    const foreign = Object.assign(new Error('x'), { [Symbol.for('dapr-ts.resources.ResourceError')]: true });
    expect([isResourceError(new ResourceError({ file: 'f', problem: 'p' })), isResourceError(foreign)]).toEqual([true, true]);
  });

  it.each([[new Error('c.yaml: bad')], [{ file: 'c.yaml' }], [null], ['ResourceError']])('returns false for %p', (value) => {
    expect(isResourceError(value)).toBe(false);
  });
});
