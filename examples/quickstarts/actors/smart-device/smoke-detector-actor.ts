// The actor of Dapr's actors quickstart: a smoke detector keeping its data in actor state, with a
// timer (heartbeats, gone when the actor deactivates) and a reminder (battery checks, persisted by
// the sidecar until unregistered). The class name is the actor type: `SmokeDetectorActor`.
import { AbstractActor, Temporal } from '@dapr/dapr';
import type { MonitoringStatus, SmartDevice, SmartDeviceData } from './smart-device';

const DataKey = 'device_data';
const StatusKey = 'monitoring';
const HeartbeatTimer = 'heartbeat';
const BatteryReminder = 'battery-check';
const FullBattery = 100;

export class SmokeDetectorActor extends AbstractActor implements SmartDevice {
  override async onActivate(): Promise<void> {
    console.log(`Activating actor id: ${this.getActorId().getId()}`);
  }

  async setData(data: SmartDeviceData): Promise<string> {
    console.log(`Saving data for ${this.getActorId().getId()}: Location: ${data.location}, Status: ${data.status}`);
    // The state manager writes the change to the actor state store when the call returns.
    await this.getStateManager<SmartDeviceData>().setState(DataKey, data);
    return 'Success';
  }

  async getData(): Promise<SmartDeviceData | null> {
    const [found, data] = await this.getStateManager<SmartDeviceData>().tryGetState(DataKey);
    return found ? data : null;
  }

  async startMonitoring(): Promise<void> {
    await this.getStateManager<MonitoringStatus>().setState(StatusKey, { heartbeats: 0, batteryChecks: 0, battery: FullBattery });
    await this.registerActorTimer(HeartbeatTimer, 'onHeartbeat', Temporal.Duration.from({ seconds: 1 }), Temporal.Duration.from({ seconds: 1 }));
    await this.registerActorReminder(BatteryReminder, Temporal.Duration.from({ seconds: 2 }), Temporal.Duration.from({ seconds: 2 }), undefined, 'battery');
    console.log(`Monitoring ${this.getActorId().getId()}: heartbeat timer and battery-check reminder registered`);
  }

  /** The timer's callback: called every second while the actor is active. */
  async onHeartbeat(): Promise<void> {
    await this.updateStatus((s) => ({ ...s, heartbeats: s.heartbeats + 1 }));
  }

  /** Every reminder of this actor lands here; the SDK passes the data given at registration. */
  override async receiveReminder(data: string): Promise<void> {
    if (data !== 'battery') return;
    await this.updateStatus((s) => ({ ...s, batteryChecks: s.batteryChecks + 1, battery: Math.max(0, s.battery - 1) }));
  }

  async monitoringStatus(): Promise<MonitoringStatus> {
    return (await this.getStateManager<MonitoringStatus>().getState(StatusKey)) ?? { heartbeats: 0, batteryChecks: 0, battery: FullBattery };
  }

  async stopMonitoring(): Promise<void> {
    await this.unregisterActorTimer(HeartbeatTimer);
    await this.unregisterActorReminder(BatteryReminder);
    console.log(`Stopped monitoring ${this.getActorId().getId()}`);
  }

  private async updateStatus(change: (status: MonitoringStatus) => MonitoringStatus): Promise<void> {
    await this.getStateManager<MonitoringStatus>().setState(StatusKey, change(await this.monitoringStatus()));
  }
}
