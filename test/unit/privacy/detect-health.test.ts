import { describe, expect, it } from 'vitest';
import { detectHealth } from '../../../src/privacy/detect-health.js';

const found = (text: string) => detectHealth(text).map((f) => text.slice(f.start, f.end));

describe('detectHealth', () => {
  it('finds conditions, medications and multi-word terms about a person, any case', () => {
    expect(found('I am DIABETIC and take insulin and Metformin')).toEqual(['DIABETIC', 'insulin', 'Metformin']);
    expect(found('my father has high blood pressure')).toEqual(['high blood pressure']);
    expect(found("my Crohn's flared, my doctor says covid-19 too")).toEqual(["Crohn's", 'covid-19']);
    expect(found('She was diagnosed with leukemia last year')).toEqual(['leukemia']);
  });
  it('needs a person or medical context: a health word alone is not health data', () => {
    expect(found('are you working during covid')).toEqual([]);
    expect(found('is this protein good for diabetes?')).toEqual([]);
    expect(found('do you sell insulin pens')).toEqual([]);
  });
  it('needs a medical context as well for everyday complaints', () => {
    expect(found('I have back pain issue')).toEqual([]);
    expect(found('which mattress is best for back pain')).toEqual([]);
    expect(found('my doctor says my back pain is chronic')).toEqual(['back pain']);
  });
  it('matches whole words only', () => {
    expect(found('One of the most depressing songs; TalkAnorexia.de; cancerous? no')).toEqual([]);
  });
  it('reports a generic care word only with medical context', () => {
    expect(found('please be patient with us')).toEqual([]);
    expect(detectHealth('The patient has asthma').map((f) => f.score)).toEqual([0.7]);
  });
});
