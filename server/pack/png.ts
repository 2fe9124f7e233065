/** Width and height from a PNG's IHDR chunk: how large a board picture is, to lay out its page. */
export function pngSize(png: Buffer): { width: number; height: number } {
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}
