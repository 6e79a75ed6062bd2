import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { zipParts } from '../../src/reporting/docx-zip.js';

describe('the .docx package', () => {
  it('holds every part with its bytes, compressed or stored, readable by JSZip', async () => {
    const date = new Date(Date.UTC(2024, 8, 3, 10, 0, 0));
    const big = Buffer.from('<w:p><w:r><w:t>Målvärde 2024 – ”bra”</w:t></w:r></w:p>'.repeat(5_000), 'utf8');
    const parts = [
      { name: '[Content_Types].xml', data: Buffer.from('<Types/>'), date },
      { name: 'word/document.xml', data: big, date },
      { name: 'word/media/bild-å.png', data: new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10]), date },
      { name: 'tom.xml', data: new Uint8Array(0), date },
    ];
    const bytes = zipParts(parts);
    // Deflated where that helps: far smaller than its parts.
    expect(bytes.length).toBeLessThan(big.length / 20);
    const zip = await JSZip.loadAsync(bytes);
    expect(Object.keys(zip.files)).toEqual(parts.map((p) => p.name));
    for (const part of parts) {
      const file = zip.file(part.name);
      expect(Buffer.from((await file?.async('uint8array')) ?? [])).toEqual(Buffer.from(part.data));
      expect(file?.date.getTime()).toBe(date.getTime());
    }
  });
});
