import { bindingRuntimeMetadata, parseBindingDirection } from './binding-runtime-metadata';

describe('parseBindingDirection', () => {
  it.each([
    [undefined, { input: true, output: true }],
    ['', { input: true, output: true }],
    ['input', { input: true, output: false }],
    ['output', { input: false, output: true }],
    ['input, output', { input: true, output: true }],
    [' Output ,INPUT ', { input: true, output: true }],
  ])('returns the directions of %j', (value, expected) => {
    expect(parseBindingDirection(value)).toEqual(expected);
  });

  it.each(['in', 'input,', 'input; output'])('throws a MetadataError naming direction for %j', (value) => {
    expect(() => parseBindingDirection(value)).toThrow(
      expect.objectContaining({ name: 'MetadataError', field: 'direction', message: `metadata field "direction": "${value}" is not a binding direction (use "input", "output" or "input, output")` }),
    );
  });
});

describe('bindingRuntimeMetadata', () => {
  it('reads direction and route case-insensitively', () => {
    expect(bindingRuntimeMetadata({ Direction: 'input', ROUTE: ' /on-event ', schedule: '@every 1s' })).toEqual({ direction: { input: true, output: false }, route: '/on-event' });
  });

  it('leaves route out when it is unset or blank', () => {
    expect(bindingRuntimeMetadata({ route: '  ' })).toEqual({ direction: { input: true, output: true } });
  });
});
