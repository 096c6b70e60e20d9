import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import yaml from 'js-yaml';
import type { Logger } from '@dapr-ts/logger';
import { asObject, isIgnoreErrors, parseComponent } from './component-parser';
import { parseConfiguration } from './configuration-parser';
import { ResourceError, isResourceError } from './resource-error';
import type { ComponentResource, ConfigurationResource, LoadedResources, OtherResource } from './resource-types';

export interface LoadOptions {
  appId: string;
  namespace?: string;
  env: NodeJS.ProcessEnv;
  logger: Logger;
}

const OtherKinds = ['Subscription', 'Resiliency', 'HTTPEndpoint'] as const;

/**
 * Loads Dapr resources from `--resources-path` entries: folders (their *.yaml/*.yml files, not
 * recursive, by name) or single files; multi-document YAML. Non-Dapr documents are skipped, so
 * Kubernetes manifests may sit beside components. Components scoped to other apps or namespaces are
 * left out. Throws ResourceError naming file, resource and field.
 */
export function loadResources(paths: readonly string[], options: LoadOptions): LoadedResources {
  const result: LoadedResources = { components: [], configurations: [], others: [] };
  const seen = new Map<string, string>();
  for (const file of paths.flatMap(filesOf)) {
    for (const doc of readDocuments(file)) {
      const kind = doc['kind'];
      if (!String(doc['apiVersion'] ?? '').startsWith('dapr.io/')) {
        options.logger.debug(`skipping non-Dapr document in ${file}`);
        continue;
      }
      if (!inNamespace(doc, options.namespace)) continue;
      if (kind === 'Component') {
        const component = parseComponentLenient(doc, file, options);
        if (!component) continue;
        if (component.scopes.length > 0 && !component.scopes.includes(options.appId)) {
          options.logger.debug(`component ${component.name} is scoped to other apps; skipping`);
          continue;
        }
        const previous = seen.get(component.name);
        if (previous) throw new ResourceError(file, `a component with this name is already defined in ${previous}`, `Component "${component.name}"`, 'metadata.name');
        seen.set(component.name, file);
        result.components.push(component);
      } else if (kind === 'Configuration') {
        result.configurations.push(parseConfiguration(doc, file));
      } else if (OtherKinds.includes(kind as (typeof OtherKinds)[number])) {
        result.others.push(parseOther(doc, file));
      } else {
        options.logger.debug(`skipping ${String(kind)} document in ${file}`);
      }
    }
  }
  return result;
}

/** Loads a Configuration file given with `--config`. */
export function loadConfigurationFile(file: string, options: Pick<LoadOptions, 'env' | 'logger'>): ConfigurationResource {
  if (!existsSync(file)) throw new ResourceError(file, 'configuration file does not exist (--config)');
  const doc = readDocuments(file).find((d) => d['kind'] === 'Configuration');
  if (!doc) throw new ResourceError(file, 'holds no document of kind Configuration');
  options.logger.debug(`loaded configuration ${file}`);
  return parseConfiguration(doc, file);
}

function parseComponentLenient(doc: Record<string, unknown>, file: string, options: LoadOptions): ComponentResource | undefined {
  try {
    return parseComponent(doc, file, options.env);
  } catch (err) {
    if (isResourceError(err) && isIgnoreErrors(doc)) {
      options.logger.warn(`${err.message} (skipped: spec.ignoreErrors is true)`);
      return undefined;
    }
    throw err;
  }
}

function parseOther(doc: Record<string, unknown>, file: string): OtherResource {
  const meta = asObject(doc['metadata']) ?? {};
  const scopes = Array.isArray(doc['scopes']) ? (doc['scopes'] as unknown[]).map(String) : [];
  const namespace = typeof meta['namespace'] === 'string' && meta['namespace'] !== '' ? meta['namespace'] : undefined;
  return {
    kind: doc['kind'] as OtherResource['kind'],
    apiVersion: String(doc['apiVersion']),
    name: String(meta['name'] ?? ''),
    ...(namespace ? { namespace } : {}),
    scopes,
    spec: asObject(doc['spec']) ?? {},
    source: file,
  };
}

function inNamespace(doc: Record<string, unknown>, namespace: string | undefined): boolean {
  const own = asObject(doc['metadata'])?.['namespace'];
  return !namespace || typeof own !== 'string' || own === '' || own === namespace;
}

function filesOf(path: string): string[] {
  if (!existsSync(path)) throw new ResourceError(path, 'resources path does not exist');
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .filter((f) => /\.ya?ml$/i.test(f))
    .sort()
    .map((f) => join(path, f))
    .filter((f) => statSync(f).isFile());
}

function readDocuments(file: string): Record<string, unknown>[] {
  let docs: unknown[];
  try {
    docs = yaml.loadAll(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ResourceError(file, `invalid YAML: ${(err as Error).message}`);
  }
  return docs.map((d) => asObject(d)).filter((d): d is Record<string, unknown> => d !== undefined);
}
