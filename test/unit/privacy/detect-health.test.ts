import { describe, expect, it } from 'vitest';
import { detectHealth } from '../../../src/privacy/detect-health.js';

const found = (text: string) => detectHealth(text).map((f) => text.slice(f.start, f.end));

describe('detectHealth', () => {
  it('finds conditions, medications and multi-word terms, any case', () => {
    expect(found('I am DIABETIC and take insulin and Metformin')).toEqual(['DIABETIC', 'insulin', 'Metformin']);
    expect(found('history of high blood pressure')).toEqual(['history of', 'high blood pressure']);
    expect(found("my Crohn's flared, covid-19 too")).toEqual(["Crohn's", 'covid-19']);
  });
  it('matches whole words only', () => {
    expect(found('One of the most depressing songs; TalkAnorexia.de; cancerous? no')).toEqual([]);
  });
  it('reports a generic care word only next to another health term', () => {
    expect(found('please be patient with us')).toEqual([]);
    expect(detectHealth('The patient has asthma').map((f) => f.score)).toEqual([0.6, 0.7]);
  });
});
