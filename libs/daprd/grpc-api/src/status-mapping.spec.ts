import { grpcCodeFromHttpStatus } from './status-mapping';

describe('grpcCodeFromHttpStatus()', () => {
  it.each([
    [200, 0],
    [201, 0],
    [204, 0],
    [299, 0],
    [400, 13],
    [401, 16],
    [408, 1],
    [409, 6],
    [500, 2],
    [502, 2],
    [403, 7],
    [404, 5],
    [429, 8],
    [501, 12],
    [503, 14],
    [504, 4],
    [100, 2],
    [302, 2],
    [418, 2],
  ])('maps HTTP %i to gRPC code %i', (status, code) => {
    expect(grpcCodeFromHttpStatus(status)).toBe(code);
  });
});
