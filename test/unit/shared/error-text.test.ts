import { describe, expect, it } from 'vitest';
import { errorText } from '../../../shared/error-text';

describe('errorText', () => {
  it('gives an Error its message and anything else in words', () => {
    expect(errorText(new TypeError('bad'))).toBe('bad');
    expect(errorText('plain')).toBe('plain');
    expect(errorText(42)).toBe('42');
    expect(errorText(undefined)).toBe('undefined');
  });
});
