import { describe, expect, it } from 'vitest';
import { detectPerson } from '../../../src/privacy/detect-person.js';

const found = (text: string) => detectPerson(text).map((f) => text.slice(f.start, f.end));

describe('detectPerson', () => {
  it('finds titles with names, known given names with surnames, and cued names', () => {
    expect(found('please correct it to Mr. Charles Khadzhiev?')).toEqual(['Mr. Charles Khadzhiev']);
    expect(found('I want to add Tiffany Bašić as a beneficiary')).toEqual(['Tiffany Bašić']);
    expect(found("What's your name? My name is Zorblax Quint")).toEqual(['Zorblax Quint']);
    expect(found('Name:    Christopher Cadena\nAddress: 1 Main Road')).toEqual(['Christopher Cadena']);
    expect(found('Unlike the van Gijn novel, Maria de la Cruz wrote')).toEqual(['Maria de la Cruz']);
  });
  it('needs more evidence for given names that are also words or places', () => {
    expect(found('Will you check? May I ask? I moved to Jordan.')).toEqual([]);
    expect(found('Jordan Peterson spoke')).toEqual(['Jordan Peterson']);
  });
  it('does not take capitalised common words or brands for names', () => {
    expect(found('Capitalized words like Wisdom and Discipline are often mistaken with names.')).toEqual([]);
    expect(found('Can I top up with Google Pay? It was caused by Parkinson Disease.')).toEqual([]);
  });
  it('finds dialogue speakers, names coordinated with a found name, and drops possessive endings', () => {
    expect(found('Brodie: "Who are you?"\nJill: "Hi"')).toEqual(['Brodie', 'Jill']);
    expect(found('Our founders: Leehy, Thomas and Copeland.')).toEqual(['Leehy', 'Thomas', 'Copeland']);
    expect(found("As promised, here's Konrad's address")).toEqual(['Konrad']);
  });
  it('does not take a given name inside a place name for a person', () => {
    expect(found('My friend lives in San Giuseppe Vesuviano, near Port Edward')).toEqual([]);
  });
  it('in an all lower-case text, finds unambiguous given names and titled names', () => {
    expect(found('you can call me brad, not mark')).toEqual(['brad']);
    expect(found('please correct it to mr. larry lombardo?')).toEqual(['mr. larry lombardo']);
  });
});
