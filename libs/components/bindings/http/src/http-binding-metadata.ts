import { MetadataError, MetadataReader } from '@dapr-ts/components-common';
import { parseByteSize } from '@dapr-ts/kit';

/** Typed component metadata of bindings.http (contrib bindings/http/metadata.yaml). */
export interface HttpBindingMetadata {
  /** Base URL, without trailing slashes; request `path` metadata is appended after one `/`. */
  url: string;
  /** Per-request timeout in ms; 0 means none. */
  responseTimeoutMs: number;
  /** Most bytes read from a response body; `Infinity` means no limit. */
  maxResponseBodySize: number;
  errorIfNot2XX: boolean;
  /** Header added to every request, from `securityTokenHeader` + `securityToken`. */
  securityHeader?: { name: string; value: string };
}

/** 100Mi, contrib's default. */
export const DefaultMaxResponseBodySize = 100 * 1024 * 1024;

/** mTLS is configured with these in Dapr; we do not support it yet and refuse rather than ignore them. */
const UnsupportedFields = ['MTLSRootCA', 'MTLSClientCert', 'MTLSClientKey', 'MTLSRenegotiation'];

/** RFC 9110 token characters. */
const HeaderName = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** Decodes bindings.http metadata; every error is a MetadataError naming its field. */
export function parseHttpBindingMetadata(properties: Record<string, string>): HttpBindingMetadata {
  const md = new MetadataReader(properties);
  for (const field of UnsupportedFields) {
    if (md.raw(field) !== undefined) throw new MetadataError(field, 'is not supported by this runtime (mTLS is not implemented)');
  }
  const url = md.requiredString('url').trim();
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new MetadataError('url', `"${url}" is not a valid URL`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new MetadataError('url', `"${url}" must use http or https`);

  const responseTimeoutMs = md.duration('responseTimeout', 0);
  if (responseTimeoutMs < 0) throw new MetadataError('responseTimeout', 'must not be negative');

  const token = md.raw('securityToken');
  const tokenHeader = md.raw('securityTokenHeader');
  if (token !== undefined && tokenHeader === undefined) throw new MetadataError('securityTokenHeader', 'is required when securityToken is set');
  if (tokenHeader !== undefined && !HeaderName.test(tokenHeader.trim())) throw new MetadataError('securityTokenHeader', `"${tokenHeader}" is not a valid header name`);

  return {
    url: url.replace(/\/+$/, ''),
    responseTimeoutMs,
    maxResponseBodySize: parseBodySize(md.raw('maxResponseBodySize')),
    errorIfNot2XX: md.bool('errorIfNot2XX', true),
    ...(token !== undefined && tokenHeader !== undefined ? { securityHeader: { name: tokenHeader.trim(), value: token } } : {}),
  };
}

/** A Kubernetes-style quantity (`100Mi`); zero or a negative number means no limit, as in contrib. */
function parseBodySize(raw: string | undefined): number {
  if (raw === undefined) return DefaultMaxResponseBodySize;
  if (/^\s*(-\d+|0+)\s*$/.test(raw)) return Infinity;
  try {
    return parseByteSize(raw);
  } catch {
    throw new MetadataError('maxResponseBodySize', `"${raw}" is not a size (e.g. 100Mi, 512Ki, 1048576)`);
  }
}
