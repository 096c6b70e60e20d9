import { readdirSync, statSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '@dapr-ts/logger';
import { parseComponent, readIgnoreErrors } from './parse-component';
import { parseConfiguration } from './parse-configuration';
import { type Fail, type RawDocument, asRecord, nameProblem, namespaceOf, readRecord, readStringList } from './raw-document';
import { readYamlDocuments } from './read-yaml-documents';
import { ResourceError, isResourceError } from './resource-error';
import type { ComponentResource, ConfigurationResource, LoadedResources, OtherResource, OtherResourceKind } from './resource-types';

/** Options of {@link loadResources}. */
export interface LoadOptions {
  /** This sidecar's app id; components scoped to other apps are left out. */
  appId: string;
  /** This sidecar's namespace; resources of other namespaces are left out. Unset: keep all. */
  namespace?: string;
  /** Where `${VAR}` references and `envRef`s are read from (daprd's own environment). */
  env: NodeJS.ProcessEnv;
  logger: Logger;
}

const OtherKinds: readonly OtherResourceKind[] = ['Subscription', 'Resiliency', 'HTTPEndpoint'];
const LoaderScope = 'dapr.runtime.loader.disk';

/**
 * Loads Dapr resources from `--resources-path` entries. Each entry is a folder (its `*.yaml` and
 * `*.yml` files, by name, not recursive) or a single file; files may hold several YAML documents.
 *
 * - Documents that are not `dapr.io/*` Components, Configurations, Subscriptions, Resiliencies or
 *   HTTPEndpoints are skipped with a debug log, so Kubernetes manifests may sit beside components.
 * - Resources of another namespace (when `namespace` is set) and components scoped to other apps
 *   are skipped, before validation, with a debug log.
 * - A malformed component with `spec.ignoreErrors: true` is skipped with a warning.
 *
 * Mirrors dapr pkg/internal/loader/disk, which warns and carries on where this fails fast.
 * @throws ResourceError naming the file, the resource and the field: for a missing path, bad YAML,
 *   an invalid resource, an unset `${VAR}` or a component name defined twice.
 */
export function loadResources(paths: readonly string[], options: LoadOptions): LoadedResources {
  const log = options.logger.child({ scope: LoaderScope });
  const result: LoadedResources = { components: [], configurations: [], others: [] };
  const definedIn = new Map<string, string>();
  for (const file of paths.flatMap(listResourceFiles)) {
    readYamlDocuments(file).forEach((doc, index) => {
      const kind = doc['kind'];
      const apiVersion = doc['apiVersion'];
      const name = String(asRecord(doc['metadata'])?.['name'] ?? '');
      if (typeof apiVersion !== 'string' || !apiVersion.startsWith('dapr.io/') || !isDaprKind(kind)) {
        log.debug(`Skipping document ${index + 1} in ${file}: not a Dapr resource (apiVersion ${String(apiVersion)}, kind ${String(kind)})`);
        return;
      }
      const namespace = namespaceOf(doc);
      if (options.namespace && namespace && namespace !== options.namespace) {
        log.debug(`Skipping ${kind} "${name}" in ${file}: its namespace ${namespace} is not ${options.namespace}`);
        return;
      }
      if (kind === 'Configuration') {
        result.configurations.push(parseConfiguration(doc, file, options.env));
      } else if (kind !== 'Component') {
        result.others.push(parseOther(doc, kind, file));
      } else if (isScopedOut(doc, options.appId)) {
        log.debug(`Skipping component "${name}" in ${file}: it is scoped to other apps`, { component: name });
      } else {
        const component = parseComponentOrSkip(doc, file, options.env, log);
        if (!component) return;
        const previous = definedIn.get(component.name);
        if (previous !== undefined) {
          throw new ResourceError({ file, resource: `Component "${component.name}"`, field: 'metadata.name', problem: `duplicate name: a component with this name is already defined in ${previous}` });
        }
        definedIn.set(component.name, file);
        result.components.push(component);
      }
    });
  }
  return result;
}

/**
 * Loads the Configuration given with `daprd --config <file>`: the file's first `kind: Configuration`
 * document (or first document without a kind: daprd does not check it). An empty file yields the
 * default configuration, as in daprd. `${VAR}` references in values are expanded.
 * Mirrors dapr pkg/config LoadStandaloneConfiguration.
 * @throws ResourceError when the file is missing, is not valid YAML, holds no Configuration, or is invalid.
 */
export function loadConfigurationFile(file: string, options: Pick<LoadOptions, 'env' | 'logger'>): ConfigurationResource {
  const stats = statPath(file, 'configuration file does not exist');
  if (stats.isDirectory()) throw new ResourceError({ file, problem: 'is a directory, not a configuration file' });
  const docs = readYamlDocuments(file);
  const doc = docs.length === 0 ? {} : (docs.find((d) => d['kind'] === 'Configuration') ?? docs.find((d) => d['kind'] === undefined));
  if (!doc) throw new ResourceError({ file, problem: 'holds no document of kind Configuration' });
  const configuration = parseConfiguration(doc, file, options.env);
  options.logger.child({ scope: LoaderScope }).debug(`Loaded configuration "${configuration.name}" from ${file}`);
  return configuration;
}

function isDaprKind(kind: unknown): kind is 'Component' | 'Configuration' | OtherResourceKind {
  return kind === 'Component' || kind === 'Configuration' || OtherKinds.includes(kind as OtherResourceKind);
}

/** Read leniently: malformed scopes are reported by the parser, not treated as "other apps". */
function isScopedOut(doc: RawDocument, appId: string): boolean {
  const scopes = doc['scopes'];
  return Array.isArray(scopes) && scopes.length > 0 && scopes.every((s) => typeof s === 'string') && !scopes.includes(appId);
}

function parseComponentOrSkip(doc: RawDocument, file: string, env: NodeJS.ProcessEnv, log: Logger): ComponentResource | undefined {
  try {
    return parseComponent(doc, file, env);
  } catch (err) {
    if (!isResourceError(err) || !readIgnoreErrors(doc)) throw err;
    log.warn(`${err.message}; skipping the component because its spec.ignoreErrors is true`, { component: String(asRecord(doc['metadata'])?.['name'] ?? '') });
    return undefined;
  }
}

function parseOther(doc: RawDocument, kind: OtherResourceKind, file: string): OtherResource {
  const name = asRecord(doc['metadata'])?.['name'];
  const fail: Fail = (field, problem) => {
    throw new ResourceError({ file, resource: typeof name === 'string' && name !== '' ? `${kind} "${name}"` : kind, field, problem });
  };
  const problem = nameProblem(name);
  if (problem) fail('metadata.name', problem);
  const namespace = namespaceOf(doc);
  return {
    kind,
    apiVersion: String(doc['apiVersion']),
    name: name as string,
    ...(namespace ? { namespace } : {}),
    scopes: readStringList(doc['scopes'], 'scopes', fail),
    spec: readRecord(doc['spec'], 'spec', fail) ?? {},
    source: file,
  };
}

function listResourceFiles(path: string): string[] {
  if (!statPath(path, 'resources path does not exist').isDirectory()) return [path];
  return readdirSync(path)
    .filter((entry) => /\.ya?ml$/i.test(entry))
    .sort()
    .map((entry) => join(path, entry))
    .filter((file) => statSync(file, { throwIfNoEntry: false })?.isFile() === true);
}

function statPath(path: string, missing: string): Stats {
  try {
    return statSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new ResourceError({ file: path, problem: code === 'ENOENT' ? missing : `cannot read: ${(err as Error).message}`, cause: err });
  }
}
