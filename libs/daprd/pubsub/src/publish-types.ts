/** Proto-shaped publish messages (dapr.proto.runtime.v1), shared by the HTTP and gRPC adapters. */
export interface PublishEventMessage {
  pubsubName: string;
  topic: string;
  data: Buffer;
  dataContentType: string;
  metadata: Record<string, string>;
}

export interface BulkPublishEntryMessage {
  entryId: string;
  event: Buffer;
  contentType: string;
  metadata: Record<string, string>;
}

export interface BulkPublishMessage {
  pubsubName: string;
  topic: string;
  entries: BulkPublishEntryMessage[];
  metadata: Record<string, string>;
}

export interface BulkPublishResult {
  failedEntries: { entryId: string; error: string }[];
}
