// What a smart device actor offers its callers; the client calls it through an ActorProxyBuilder.

/** A device's data, kept in the actor's state. */
export interface SmartDeviceData {
  location: string;
  status: string;
}

/** What the timer and the reminder have done so far. */
export interface MonitoringStatus {
  heartbeats: number;
  batteryChecks: number;
  battery: number;
}

export interface SmartDevice {
  setData(data: SmartDeviceData): Promise<string>;
  getData(): Promise<SmartDeviceData | null>;
  /** Starts a heartbeat timer (every second) and a battery-check reminder (every two seconds). */
  startMonitoring(): Promise<void>;
  monitoringStatus(): Promise<MonitoringStatus>;
  stopMonitoring(): Promise<void>;
}
