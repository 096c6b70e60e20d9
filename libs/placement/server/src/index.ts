export {
  PlacementServer,
  resolvePlacementServerOptions,
  DefaultPlacementPort,
  DefaultDisseminateTimeoutMs,
  DefaultKeepaliveTimeMs,
  DefaultKeepaliveTimeoutMs,
} from './placement-server';
export type { PlacementServerOptions, ResolvedPlacementServerOptions } from './placement-server';
export { PlacementCoordinator, NotLeaderMessage } from './placement-coordinator';
export type { HostConnection, PlacementCoordinatorOptions } from './placement-coordinator';
export { placementServiceImplementation } from './placement-grpc-service';
export { Disseminator, PlacementPhases, phaseOfOperation } from './disseminator';
export type { PlacementPhase, RoundParticipant, RoundMember, RoundInfo, DisseminatorOptions } from './disseminator';
export { Membership } from './membership';
export type { MemberHost, ReportedHost, MembershipChange, UpsertResult, Member } from './membership';
export { buildPlacementTables } from './placement-tables';
export type { PlacementTableSettings } from './placement-tables';
export { AlwaysLeader } from './leader-election';
export type { LeaderElection, LeaderCallbacks } from './leader-election';
export { PlacementMetrics } from './placement-metrics';
export type { PlacementState, PlacementStateHost } from './placement-state';
export { startHealthzServer } from './healthz-server';
export type { HealthzServerOptions } from './healthz-server';
export { startMetricsServer } from './metrics-server';
export type { MetricsServerOptions } from './metrics-server';
export type { RunningHttpServer } from './http-listen';
export { PlacementVersion, PlacementApiLevel } from './placement-version';
