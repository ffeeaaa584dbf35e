import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { expect } from 'chai';

/**
 * `@dynamo-logging/core` is the application's entry and `@dynamo-logging/core/delivery` the backend author's.
 * The lists are kept here on purpose: a name that reaches either entry is a promise to users, so adding one is
 * a decision made in this file, not a side effect of an export line.
 */
const APPLICATION_API = [
  'ConfigurationError', 'DEFAULT_REDACTION_REPLACEMENT', 'DeliveryRequestError', 'DynamoJsonlExporter', 'DynamoLoggingError', 'LogContainer',
  'MissingBackendPackageError', 'SeverityNumber', 'captureConsole', 'createSecretMasker', 'extractRequestContext',
  'getRequestIds', 'injectRequestContext', 'requestContextHandler', 'requestContextStats', 'setRequestIds',
  'startRequestContext', 'withRequestContext',
];
const BACKEND_API = [
  'BodyPool', 'ConfigurationError', 'REAL_CLOCK', 'DELIVERY_DEFAULTS', 'DELIVERY_OPTION_KEYS', 'DeliveredExporter', 'DeliveryExporter',
  'DeliveryRequestError', 'authorizationHeader', 'classifyHttpStatus', 'createSecretMasker', 'deliveredAll', 'dropAll',
  'dynamoLevel', 'formatDynamoLine', 'formatReadableLine', 'hasAuthorization', 'httpDeliverySpec', 'jsonValue',
  'messageText', 'nonEmpty', 'parseRetryAfter', 'readBoolean', 'readChoice', 'readInteger', 'readKeyValueList',
  'readString', 'readValid', 'redactedCause', 'reportBadEnv', 'resolveDeliveryMode', 'resolveEndpoint', 'retryAll',
  'startDelivery', 'toDeliveryOptions', 'verbatim', 'workerFactory',
];

const ROOT = join(__dirname, '..');

/** The runtime names an entry exposes, loaded from the build by plain node, as users get it. */
function runtimeNames(specifier: string, how: 'require' | 'import'): string[] {
  const script = how === 'require'
    ? `console.log(JSON.stringify(Object.keys(require('${specifier}')).filter((k) => k !== '__esModule').sort()))`
    : `import * as m from '${specifier}'; console.log(JSON.stringify(Object.keys(m).filter((k) => k !== 'default' && k !== 'module.exports' && k !== '__esModule').sort()))`;
  const args = how === 'require' ? ['-e', script] : ['--input-type=module', '-e', script];
  const out = execFileSync(process.execPath, args, { cwd: ROOT, env: { ...process.env, NODE_OPTIONS: '' }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return JSON.parse(out) as string[];
}

describe('@dynamo-logging/core entry points', function () {
  this.timeout(30_000);

  for (const how of ['require', 'import'] as const) {
    it(`the main entry gives an application its API and no internals (${how})`, () => {
      expect(runtimeNames('@dynamo-logging/core', how)).to.deep.equal([...APPLICATION_API].sort());
    });

    it(`the delivery entry gives a backend author the delivery layer (${how})`, () => {
      expect(runtimeNames('@dynamo-logging/core/delivery', how)).to.deep.equal([...BACKEND_API].sort());
    });
  }

  it('a deep import of an internal module is refused by the exports map', () => {
    expect(() => runtimeNames('@dynamo-logging/core/dist/src/processors/redaction-processor.js', 'require')).to.throw(/ERR_PACKAGE_PATH_NOT_EXPORTED|not defined by "exports"/);
  });
});
