// The little of fontkit (pdfkit's font engine) the pack uses: which characters a font can draw.
declare module 'fontkit' {
  export interface Font {
    hasGlyphForCodePoint(codePoint: number): boolean;
  }
  export function create(buffer: Buffer): Font;
}
