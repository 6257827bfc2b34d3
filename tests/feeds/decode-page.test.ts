import { describe, expect, it } from 'vitest';
import { bomEncoding, decodePage, metaEncoding } from '../../src/feeds/decode-page.ts';

const latin1 = (text: string) => new Uint8Array(Buffer.from(text, 'latin1'));
const utf8 = (text: string) => new Uint8Array(Buffer.from(text, 'utf8'));
const page = (head: string, body: string) =>
  `<!doctype html><html><head>${head}<title>t</title></head><body><p>${body}</p></body></html>`;

describe('a fetched page decoded as the HTML standard orders it', () => {
  it('reads <meta charset> when the Content-Type names none', () => {
    expect(decodePage(latin1(page('<meta charset="iso-8859-1">', 'Gaddafi’s café')), 'text/html')).toContain(
      'caf\u00e9',
    );
    // Without the meta, undeclared bytes that are not UTF-8 fall back to windows-1252 anyway; a UTF-8-valid Latin-1
    // look-alike shows the meta is read: "Ã©" in ISO-8859-1 is the two characters, not é.
    expect(decodePage(latin1(page('<meta charset="iso-8859-1">', 'caf\u00c3\u00a9')), null)).toContain(
      'caf\u00c3\u00a9',
    );
    expect(decodePage(latin1(page('', 'caf\u00c3\u00a9')), null)).toContain('caf\u00e9');
  });

  it('reads <meta http-equiv="Content-Type" content="...; charset=...">', () => {
    const html = page(
      '<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">',
      'caf\u00c3\u00a9 \u0093quoted\u0094',
    );
    expect(decodePage(latin1(html), null)).toContain('caf\u00c3\u00a9 \u201cquoted\u201d');
  });

  it('lets the Content-Type win over the meta, and a BOM win over both', () => {
    const html = page('<meta charset="windows-1252">', 'caf\u00e9');
    expect(decodePage(utf8(html), 'text/html; charset=utf-8')).toContain('caf\u00e9');
    const withBom = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(html)]);
    expect(decodePage(withBom, 'text/html; charset=iso-8859-1')).toContain('caf\u00e9');
    expect(decodePage(withBom, 'text/html; charset=iso-8859-1').charCodeAt(0)).not.toBe(0xfeff);
    const utf16 = new Uint8Array([0xff, 0xfe, ...Buffer.from(html, 'utf16le')]);
    expect(decodePage(utf16, 'text/html; charset=utf-8')).toContain('caf\u00e9');
  });

  it('follows the prescan rules: the first 1,024 bytes only, comments skipped, UTF-16 in a meta meaning UTF-8', () => {
    expect(metaEncoding(latin1(`<!-- <meta charset="koi8-r"> --><meta charset='ISO-8859-2'>`))).toBe('iso-8859-2');
    expect(metaEncoding(latin1(`${' '.repeat(1100)}<meta charset="koi8-r">`))).toBeNull();
    expect(metaEncoding(latin1('<meta charset="utf-16le">'))).toBe('utf-8');
    expect(metaEncoding(latin1('<meta charset="x-user-defined">'))).toBe('windows-1252');
    expect(metaEncoding(latin1('<meta charset="no-such-thing"><meta charset="utf-8">'))).toBe('utf-8');
    expect(metaEncoding(latin1('<meta name="description" content="charset=koi8-r">'))).toBeNull();
    expect(bomEncoding(new Uint8Array([0xfe, 0xff, 0, 0x41]))).toBe('utf-16be');
  });

  it('ends on hostile heads: 5 MB of unclosed <meta', () => {
    expect(decodePage(latin1('<meta '.repeat(900_000)), null).length).toBe(5_400_000);
  });
});
