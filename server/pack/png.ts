/** Board pictures as the record lays them out: their sizes, and one plan for a part's pages. */

/** Width and height from a PNG's IHDR chunk: how large a board picture is, to lay out its page. */
export function pngSize(png: Buffer): { width: number; height: number } {
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

export interface BoardPage {
  png: Buffer;
  /** The part's title, with "(2 of 3)" when it runs over several pages. */
  heading: string;
  /** The picture's size on the page, in the box's units. */
  width: number;
  height: number;
}

/**
 * A part of the board over its pages (REC-9): every slice at the one scale that fits each of them
 * in `box`, so its notes read alike from page to page.
 */
export function boardPages(title: string, pngs: Buffer[], box: { w: number; h: number }): BoardPage[] {
  const sizes = pngs.map(pngSize);
  const scale = Math.min(...sizes.map((s) => Math.min(box.w / s.width, box.h / s.height)));
  return pngs.map((png, i) => ({
    png,
    heading: pngs.length > 1 ? `${title} (${i + 1} of ${pngs.length})` : title,
    width: sizes[i]!.width * scale,
    height: sizes[i]!.height * scale,
  }));
}

/** Whether a part prints landscape: its whole shape decides, so a column's short last slice stays portrait. */
export function isLandscape(pngs: Buffer[]): boolean {
  const sizes = pngs.map(pngSize);
  return sizes[0]!.width > sizes.reduce((h, s) => h + s.height, 0);
}
