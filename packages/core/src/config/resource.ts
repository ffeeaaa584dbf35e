import { hostname } from 'node:os';
import { diag, type AttributeValue } from '@opentelemetry/api';
import { canonicalKey, requiredResourceKeys } from '@dynamo-logging/semconv';
import { readKeyValueList } from './env';

/**
 * The container's resource attributes: code options, then `OTEL_SERVICE_NAME`,
 * then `OTEL_RESOURCE_ATTRIBUTES`, then process facts. Aliases become the
 * registry's canonical keys (`service.namespace` -> `namespace`), so every
 * component names the same thing the same way.
 */
export function resolveResourceAttributes(
  options: Record<string, AttributeValue> | undefined,
  env: NodeJS.ProcessEnv,
): Record<string, AttributeValue> {
  const merged: Record<string, AttributeValue> = {
    'host.name': hostname(),
    'process.pid': process.pid,
    'process.runtime.name': 'nodejs',
    'process.runtime.version': process.versions.node,
  };
  const assign = (key: string, value: AttributeValue | undefined): void => {
    if (value === undefined || value === null) return;
    merged[canonicalKey(key) ?? key] = value;
  };
  for (const [key, value] of Object.entries(readKeyValueList(env, 'OTEL_RESOURCE_ATTRIBUTES'))) assign(key, value);
  const serviceName = env['OTEL_SERVICE_NAME']?.trim();
  if (serviceName) assign('service.name', serviceName);
  for (const [key, value] of Object.entries(options ?? {})) assign(key, value);
  return merged;
}

/** Names the required resource attributes that are missing, once, and fills `service.name` as OTel does. */
export function reportMissingResource(attributes: Record<string, AttributeValue>): string[] {
  const missing = requiredResourceKeys().filter((key) => attributes[key] === undefined || attributes[key] === '');
  if (missing.length > 0) {
    diag.warn(
      `dynamo-logging: required resource attributes missing: ${missing.join(', ')}; set them in LogContainer.start({ resource }) ` +
        'or OTEL_RESOURCE_ATTRIBUTES (service.name also from OTEL_SERVICE_NAME)',
    );
  }
  if (attributes['service.name'] === undefined) attributes['service.name'] = `unknown_service:${process.argv0 || 'node'}`;
  return missing;
}
