import { describe, expect, it } from 'vitest';
import { jsDoc, tsKey, tsName, tsString } from './names.js';

describe('TypeScript names', () => {
  it.each([
    ['BlockdevOptions', 'BlockdevOptions'],
    ['q_obj_qom-get-arg', 'q_obj_qom_get_arg'],
    ['__com.redhat_drive-add', '__com_redhat_drive_add'],
    ['default', 'q_default'],
    ['string', 'q_string'],
    ['8bit', 'q_8bit'],
  ])('tsName(%j) = %j', (name, id) => {
    expect(tsName(name)).toBe(id);
  });
  it.each([
    ['id', 'id'],
    ['qom-type', "'qom-type'"],
    ['x.y', "'x.y'"],
    ['if', 'if'],
  ])('tsKey(%j) = %s', (name, key) => {
    expect(tsKey(name)).toBe(key);
  });
  it('quotes strings and doc comments safely', () => {
    expect(tsString("it's \\ new\nline")).toBe("'it\\'s \\\\ new\\nline'");
    expect(jsDoc('one line')).toBe('/** one line */\n');
    expect(jsDoc('a\n\nb */ c', '  ')).toBe('  /**\n   * a\n   *\n   * b *\\/ c\n   */\n');
    expect(jsDoc('   ')).toBe('');
  });
});
