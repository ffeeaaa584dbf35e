import { expect } from 'chai';
import { createSecretMasker } from '@dynamo-logging/core';
import { createRedactor } from '../src/delivery/redact-secrets';
import { CLEAN_CORPUS, FAMILY_CORPUS } from './helpers/redaction-families';
import { SECRET_CORPUS } from './helpers/secret-corpus';

describe('one secrets module for diagnostics, errors and exporters', () => {
  const redact = createRedactor([]);

  it("the delivery layer's redactor masks what the processor masks: the short Bearer fix included", () => {
    expect(redact('upstream said: Authorization: Bearer x9Yz7 rejected')).to.not.include('x9Yz7');
    expect(redact('retrying with Bearer x9Yz7 now')).to.not.include('x9Yz7');
    const leaked = [...SECRET_CORPUS, ...FAMILY_CORPUS].filter((c) => c.secrets.some((s) => redact(c.text).includes(s))).map((c) => c.name);
    expect(leaked).to.deep.equal([]);
  });

  it('and leaves the clean look-alike corpus alone', () => {
    expect(CLEAN_CORPUS.filter((t) => redact(t) !== t)).to.deep.equal([]);
  });

  it('masks literal secrets a header implies: the value, the credential after its scheme, a Basic pair’s password', () => {
    const basic = 'Basic ' + Buffer.from('elastic:pa55-w0rd-long').toString('base64');
    const mask = createSecretMasker([basic, 'ApiKey c29tZS1rZXktaWQ6c29tZS1rZXk=']);
    const out = mask(`server echoed ${basic.slice(6)} and pa55-w0rd-long and c29tZS1rZXktaWQ6c29tZS1rZXk= in plain text`);
    for (const s of [basic.slice(6), 'pa55-w0rd-long', 'c29tZS1rZXktaWQ6c29tZS1rZXk=']) expect(out).to.not.include(s);
  });
});
