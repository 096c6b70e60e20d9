import type { AppChannel, HeaderMap } from '@dapr-ts/daprd-invocation';
import type { ActorCallResponse } from './actor-types';

const AppCallTimeoutMs = 5_000;

/**
 * The app's side of actors over the HTTP app channel: `GET /dapr/config`, `PUT
 * /actors/<type>/<id>/method/<m>` (timers and reminders are methods `timer/<n>`, `remind/<n>`)
 * and `DELETE /actors/<type>/<id>` to deactivate. Bodies are always JSON: the JS SDK drops the
 * arguments of a call whose Content-Type is anything else.
 */
export class AppActorChannel {
  private readonly channel: AppChannel;

  constructor(channel: AppChannel) {
    this.channel = channel;
  }

  /** The app's actor configuration, or undefined when it serves none (404 or no JSON). */
  async readConfig(signal: AbortSignal): Promise<unknown> {
    const response = await this.channel.invoke({ method: 'dapr/config', verb: 'GET', query: '', contentType: '', data: Buffer.alloc(0), headers: {} }, signal);
    if (response.status !== 200 || response.data.length === 0) return undefined;
    try {
      return JSON.parse(response.data.toString('utf8')) as unknown;
    } catch {
      return undefined;
    }
  }

  async callMethod(actorType: string, actorId: string, method: string, data: Buffer, headers: HeaderMap, signal: AbortSignal): Promise<ActorCallResponse> {
    const response = await this.channel.invoke({ method: `${actorPath(actorType, actorId)}/method/${method}`, verb: 'PUT', query: '', contentType: 'application/json', data, headers }, signal);
    return { status: response.status, data: response.data, contentType: response.contentType, headers: response.headers };
  }

  /** Tells the app to drop the actor; failures are reported to the caller, who only logs them. */
  async deactivate(actorType: string, actorId: string): Promise<number> {
    const signal = AbortSignal.timeout(AppCallTimeoutMs);
    const response = await this.channel.invoke({ method: actorPath(actorType, actorId), verb: 'DELETE', query: '', contentType: '', data: Buffer.alloc(0), headers: {} }, signal);
    return response.status;
  }
}

function actorPath(actorType: string, actorId: string): string {
  return `actors/${encodeURIComponent(actorType)}/${encodeURIComponent(actorId)}`;
}
