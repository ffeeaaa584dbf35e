import { expect } from 'chai';
import { HAS_HEX_RUN, HAS_SCHEME_WORD, HAS_SEPARATOR, HAS_SPACE, HAS_TOKEN_RUN, scanCandidates } from '../../src/processors/redaction/patterns';
import { StringMasker } from '../../src/processors/redaction/mask-string';
import { KeyMatcher, DEFAULT_SENSITIVE_KEYS, DEFAULT_SENSITIVE_SUFFIXES } from '../../src/processors/redaction/keys';

describe('redaction patterns', () => {
  const masker = new StringMasker('[REDACTED]', true, []);

  it('scans which pattern groups a string may need', () => {
    expect(scanCandidates('Registering new stream')).to.equal(HAS_SPACE);
    expect(scanCandidates('8372eac7-5f43-4d76-beca-0a94cfb311d0')).to.equal(0);
    expect(scanCandidates('80196f3e3a6fdf06d23bb9ada3788518')).to.equal(0);
    expect(scanCandidates('Splunk 8372eac7-5f43-4d76-beca-0a94cfb311d0')).to.equal(HAS_SPACE | HAS_HEX_RUN | HAS_SCHEME_WORD);
    expect(scanCandidates('/v1/chat/completions')).to.equal(HAS_TOKEN_RUN);
    expect(scanCandidates('a=b')).to.equal(HAS_SEPARATOR);
    expect(scanCandidates('with BEARER x9Yz now')).to.equal(HAS_SPACE | HAS_SCHEME_WORD);
    expect(scanCandidates('the bearers are here')).to.equal(HAS_SPACE);
  });

  it('masks a short credential after a scheme word, but not counts or prose', () => {
    expect(masker.mask('retrying with Bearer x9Yz-1 now')).to.equal('retrying with Bearer [REDACTED] now');
    expect(masker.mask('got Basic dTpwYXNz')).to.equal('got Basic [REDACTED]');
    for (const text of ['generated token 42 of 100', 'token budget exceeded', 'Basic checks passed', 'bearer lower-case', 'Splunk HEC ready', 'Basic Auth enabled', 'Bearer Token required']) {
      expect(masker.mask(text)).to.equal(text);
    }
  });

  it('leaves ids alone but masks a Splunk HEC credential', () => {
    const id = '8372eac7-5f43-4d76-beca-0a94cfb311d0';
    expect(masker.mask(id)).to.equal(id);
    expect(masker.mask(`request ${id} done`)).to.equal(`request ${id} done`);
    expect(masker.mask(`Splunk ${id}`)).to.equal('Splunk [REDACTED]');
  });

  it('keeps the key, separator and quotes of key=value pairs', () => {
    expect(masker.mask('password=hunter2&user=bob')).to.equal('password=[REDACTED]&user=bob');
    expect(masker.mask('{"token": "abc", "n": 1}')).to.equal('{"token": "[REDACTED]", "n": 1}');
    expect(masker.mask("secret='x y z'")).to.equal("secret='[REDACTED]'");
    expect(masker.mask('Authorization: Bearer abc.def')).to.equal('Authorization: [REDACTED]');
  });

  it('masks every pair of a cookie header and the whole userinfo of a URL', () => {
    expect(masker.mask('Cookie: a=1; b=2')).to.equal('Cookie: [REDACTED]');
    expect(masker.mask('amqp://guest:guest@rabbit:5672/')).to.equal('amqp://[REDACTED]@rabbit:5672/');
  });

  it('does not take prose after an auth scheme for a credential', () => {
    for (const text of ['Bearer token missing', 'Basic authentication failed', 'no token: ', 'use a Token']) {
      expect(masker.mask(text)).to.equal(text);
    }
  });

  it('matches keys whatever their case and separators, and by suffix for strings only', () => {
    const keys = new KeyMatcher(DEFAULT_SENSITIVE_KEYS, DEFAULT_SENSITIVE_SUFFIXES);
    for (const k of ['password', 'PASSWORD', 'Api-Key', 'api_key', 'apiKey', 'X-API-KEY', 'Set-Cookie', 'http.request.header.authorization', 'client_secret']) {
      expect(keys.sensitivity(k), k).to.equal(2);
    }
    for (const k of ['db_password', 'HF_TOKEN_FILE_token', 'githubToken', 'aws_secret_access_key']) {
      expect(keys.sensitivity(k), k).to.be.greaterThan(0);
    }
    for (const k of ['input_tokens', 'output_tokens', 'tokenizer', 'request_id', 'x_request_id', 'trace_id', 'model', 'author', 'tracestate']) {
      expect(keys.sensitivity(k), k).to.equal(0);
    }
  });
});
