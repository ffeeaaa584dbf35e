import { expect } from 'chai';
import { SeverityNumber } from '../../src/otel-line';
import { RedactionProcessor } from '../../src/processors/redaction-processor';
import { buildPipeline } from '../helpers/pipeline';
import { CLEAN_CORPUS, FAMILY_CORPUS } from '../helpers/redaction-families';

describe('redaction: the families issue 12 found, and a clean look-alike corpus', () => {
  const masker = new RedactionProcessor();

  for (const c of FAMILY_CORPUS) {
    it(`masks ${c.name}`, () => {
      const out = masker.redactString(c.text);
      for (const secret of c.secrets) expect(out, out).to.not.include(secret);
      expect(out).to.include('[REDACTED]');
    });
  }

  it(`leaves ${CLEAN_CORPUS.length} look-alike lines (ids, digests, counts, model paths, service URLs) unchanged`, () => {
    const changed = CLEAN_CORPUS.filter((text) => masker.redactString(text) !== text).map((t) => `${t} -> ${masker.redactString(t)}`);
    expect(changed).to.deep.equal([]);
  });

  it('a secret-bearing key hides a numeric value too; a token count stays', async () => {
    const p = buildPipeline();
    p.provider.getLogger('t').emit({ severityNumber: SeverityNumber.INFO, body: 'x', attributes: { db_password: 123456, pin: 4321, first_token: 17, input_tokens: 12 } });
    const [line] = await p.lines();
    expect(line).to.include({ db_password: '[REDACTED]', pin: '[REDACTED]', first_token: 17, input_tokens: 12 });
  });

  it("Node's rawHeaders array: the value after a sensitive header name is masked", async () => {
    const p = buildPipeline();
    const rawHeaders = ['Host', 'api.internal', 'Authorization', 'Bearer abc.def', 'Cookie', 'sid=xyz', 'Ocp-Apim-Subscription-Key', 'k1', 'Accept', '*/*'];
    p.provider.getLogger('t').emit({ severityNumber: SeverityNumber.INFO, body: 'x', attributes: { rawHeaders } });
    const [line] = await p.lines();
    expect(line!['rawHeaders']).to.deep.equal(['Host', 'api.internal', 'Authorization', '[REDACTED]', 'Cookie', '[REDACTED]', 'Ocp-Apim-Subscription-Key', '[REDACTED]', 'Accept', '*/*']);
  });
});
