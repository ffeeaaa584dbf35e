import { expect } from 'chai';
import { authorizationHeader } from '../../src/delivery/credentials';
import { DeliveryExporter } from '../../src/delivery/delivery-exporter';
import { resolveEndpoint, type EndpointSetting } from '../../src/delivery/endpoint';
import { DELIVERY_OPTION_KEYS, toDeliveryOptions } from '../../src/delivery/http-exporter-options';
import { ConfigurationError, DeliveryRequestError } from '../../src/errors';
import { testBackend } from './helpers/test-backend';
import { closedPort } from '@dynamo-logging/test-kit';

const SETTING: EndpointSetting = { what: 'the test endpoint', option: 'endpoint', value: undefined, variable: 'DYN_TEST_URL', env: {}, example: 'http://h:1' };

function configurationMessage(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).to.be.instanceOf(ConfigurationError);
    return (err as Error).message;
  }
  return expect.fail('should throw a ConfigurationError');
}

describe('the HTTP exporter scaffold', () => {
  describe('resolveEndpoint', () => {
    it('takes the code option over the variable, and names the one it used', () => {
      const fromEnv = resolveEndpoint({ ...SETTING, env: { DYN_TEST_URL: ' http://env:1/prefix/ ' } });
      expect([fromEnv.url.toString(), fromEnv.basePath, fromEnv.source]).to.deep.equal(['http://env:1/prefix/', '/prefix', 'DYN_TEST_URL']);
      const fromCode = resolveEndpoint({ ...SETTING, value: 'https://code:2', env: { DYN_TEST_URL: 'http://env:1' } });
      expect([fromCode.url.host, fromCode.basePath, fromCode.source]).to.deep.equal(['code:2', '', 'endpoint']);
    });

    it('takes userinfo out of the URL, percent-decoded', () => {
      const resolved = resolveEndpoint({ ...SETTING, value: 'http://us%40r:pa%3Ass@h:1/x' });
      expect(resolved.url.toString()).to.equal('http://h:1/x');
      expect(resolved.userinfo).to.deep.equal({ username: 'us@r', password: 'pa:ss' });
    });

    it('a missing, invalid or non-http(s) endpoint is a ConfigurationError naming the option or variable, never the value', () => {
      expect(configurationMessage(() => resolveEndpoint({ ...SETTING, value: '  ' }))).to.match(/the test endpoint is missing: set the `endpoint` option or DYN_TEST_URL \(e\.g\. http:\/\/h:1\)/);
      expect(configurationMessage(() => resolveEndpoint({ ...SETTING, env: { DYN_TEST_URL: 'not a url s3cret' } }))).to.equal('DYN_TEST_URL is not a valid URL');
      const protocol = configurationMessage(() => resolveEndpoint({ ...SETTING, value: 'ftp://u:s3cret@h' }));
      expect(protocol).to.match(/^endpoint must be an http\(s\) URL/);
      expect(protocol).not.to.include('s3cret');
    });
  });

  describe('authorizationHeader', () => {
    const NAMES = { username: 'U', password: 'P', bearerToken: 'B', apiKey: 'K' };

    it('builds basic, bearer and API key values, or nothing', () => {
      expect(authorizationHeader({ username: 'u', password: 'p' }, NAMES)).to.equal('Basic ' + Buffer.from('u:p').toString('base64'));
      expect(authorizationHeader({ bearerToken: 't' }, NAMES)).to.equal('Bearer t');
      expect(authorizationHeader({ apiKey: 'id:key' }, NAMES)).to.equal('ApiKey ' + Buffer.from('id:key').toString('base64'));
      expect(authorizationHeader({ apiKey: 'ZW5jb2RlZA==' }, NAMES)).to.equal('ApiKey ZW5jb2RlZA==');
      expect(authorizationHeader({}, NAMES)).to.equal(undefined);
    });

    it('two kinds, or half a basic pair, is a ConfigurationError naming the fields, not their values', () => {
      const two = configurationMessage(() => authorizationHeader({ username: 'u', bearerToken: 'b-s3cret' }, NAMES));
      expect(two).to.match(/either basic auth \(U\/P\) or a bearer token \(B\) or an API key \(K\)/);
      expect(two).not.to.include('s3cret');
      expect(configurationMessage(() => authorizationHeader({ password: 'p' }, NAMES))).to.match(/P needs a user name \(U\)/);
      expect(configurationMessage(() => authorizationHeader({ username: 'u' }, NAMES))).to.match(/U needs a password \(P\)/);
      expect(authorizationHeader({ username: 'u' }, NAMES, { passwordOptional: true })).to.equal('Basic ' + Buffer.from('u:').toString('base64'));
    });
  });

  describe('toDeliveryOptions', () => {
    it('forwards every listed option the caller set, over the backend defaults, and nothing else', () => {
      const delivery = toDeliveryOptions(
        { timeoutMillis: 5, compressionLevel: 3, ...({ resource: { a: 1 }, level: 'debug' } as object) },
        { endpoint: 'http://h:1', defaults: { timeoutMillis: 9, maxResponseBytes: 77 } },
      );
      expect(delivery).to.deep.equal({ endpoint: 'http://h:1', timeoutMillis: 5, compressionLevel: 3, maxResponseBytes: 77 });
      expect(DELIVERY_OPTION_KEYS).to.not.include('endpoint');
    });

    it("merges headers, the backend's winning", () => {
      const delivery = toDeliveryOptions({ headers: { a: '1', Authorization: 'mine' } }, { endpoint: 'http://h:1', headers: { Authorization: 'Splunk t' } });
      expect(delivery.headers).to.deep.equal({ a: '1', Authorization: 'Splunk t' });
    });

    it('checks the result, so a bad delivery option throws at construction on the caller thread', () => {
      expect(configurationMessage(() => toDeliveryOptions({ maxConcurrentRequests: 0 }, { endpoint: 'http://h:1' }))).to.match(/maxConcurrentRequests/);
    });
  });

  describe('DeliveryExporter.send()', () => {
    it('rejects a request that got no answer with a coded DeliveryRequestError whose cause keeps its code and no credential', async () => {
      const port = await closedPort();
      const exporter = new DeliveryExporter(testBackend(), { endpoint: `http://user:pw-s3cret@127.0.0.1:${port}`, retry: { enabled: false } });
      try {
        const err = await exporter.send({ method: 'GET', path: '/' }).then(
          () => expect.fail('should reject'),
          (e: unknown) => e as DeliveryRequestError,
        );
        expect(err).to.be.instanceOf(DeliveryRequestError);
        expect(err.code).to.equal('DYN_LOGGING_REQUEST_FAILED');
        const cause = err.cause as Error & { code?: string };
        expect(cause.code).to.be.a('string');
        expect(JSON.stringify([err.message, cause.message, cause.stack])).not.to.include('pw-s3cret');
      } finally {
        await exporter.shutdown();
      }
    });
  });
});
