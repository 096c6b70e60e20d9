import { errorMessage, shutdownSignal, whenAborted } from '@dapr-ts/kit';
import type { Logger } from '@dapr-ts/logger';
import { PlacementServer, startHealthzServer, startMetricsServer, type RunningHttpServer } from '@dapr-ts/placement-server';
import type { PlacementOptions } from './options';

/**
 * Runs placement until SIGTERM/SIGINT: healthz first (503 until serving), metrics, then the gRPC
 * service. The first signal stops accepting and ends every stream; a second exits at once with 1.
 * Resolves with the exit code.
 */
export async function runPlacement(options: PlacementOptions, logger: Logger): Promise<number> {
  const shutdown = shutdownSignal(logger);

  let placement: PlacementServer | undefined;
  const httpServers: RunningHttpServer[] = [];
  let code = 0;
  try {
    httpServers.push(
      await startHealthzServer({
        port: options.healthzPort,
        listenAddress: options.healthzListenAddress,
        isReady: () => placement !== undefined,
        ...(options.metadataEnabled ? { placementState: () => placement?.state() } : {}),
      }),
    );
    logger.info(`Healthz server is listening on port ${httpServers[0]?.port}`);
    if (options.enableMetrics) {
      const metrics = await startMetricsServer({ port: options.metricsPort, listenAddress: options.metricsListenAddress, render: () => placement?.metrics.render() ?? '' });
      httpServers.push(metrics);
      logger.info(`Metrics server is listening on port ${metrics.port}`);
    }
    if (options.mode === 'kubernetes') {
      // The LeaderElection seam takes a Kubernetes Lease implementation later; until then one replica leads alone.
      logger.warn('Kubernetes leader election is not implemented yet: this replica leads alone, so run a single placement replica');
    }
    placement = await PlacementServer.start({
      logger,
      port: options.port,
      listenAddress: options.listenAddress,
      replicationFactor: options.replicationFactor,
      disseminateTimeoutMs: options.disseminateTimeoutMs,
      keepaliveTimeMs: options.keepaliveTimeMs,
      keepaliveTimeoutMs: options.keepaliveTimeoutMs,
    });
    logger.info('Placement service started');
    await whenAborted(shutdown);
  } catch (err) {
    logger.error(errorMessage(err));
    code = 1;
  }
  const running = placement;
  placement = undefined;
  await running?.close();
  for (const server of httpServers.reverse()) await server.close();
  if (code === 0) logger.info('Placement service stopped');
  return code;
}
