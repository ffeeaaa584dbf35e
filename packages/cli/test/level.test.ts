import { expect } from 'chai';
import { levelRank, normaliseLevel, parseLevelOption } from '../src/level';

describe('level', () => {
  it("reads Dynamo's names and the other writers' spellings", () => {
    expect(['ERROR', 'WARN', 'INFO', 'DEBUG', 'TRACE'].map(normaliseLevel)).to.deep.equal(['ERROR', 'WARN', 'INFO', 'DEBUG', 'TRACE']);
    expect(['warning', 'Fatal', 'CRITICAL', 'info'].map(normaliseLevel)).to.deep.equal(['WARN', 'ERROR', 'ERROR', 'INFO']);
    expect(normaliseLevel('NOTICE')).to.equal(undefined);
    expect(normaliseLevel(undefined)).to.equal(undefined);
  });

  it("reads pino's numeric levels", () => {
    expect([10, 20, 30, 40, 50, 60].map(normaliseLevel)).to.deep.equal(['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'ERROR']);
  });

  it('ranks TRACE lowest and ERROR highest; options are read in any case', () => {
    expect(levelRank('TRACE')).to.be.lessThan(levelRank('DEBUG'));
    expect(levelRank('WARN')).to.be.lessThan(levelRank('ERROR'));
    expect(parseLevelOption('warn')).to.equal('WARN');
    expect(parseLevelOption('loud')).to.equal(undefined);
  });
});
