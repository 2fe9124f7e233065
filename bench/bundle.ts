/**
 * Gzipped size of what each route loads, from the production build's manifest: a route is its
 * chunk plus every chunk it imports statically, and their CSS. The phone route is the entry
 * (join page, session shell and the participant panel); the room's views load on demand.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

interface ManifestChunk {
  file: string;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
  isEntry?: boolean;
}

export interface RouteSize {
  route: string;
  jsGzipBytes: number;
  cssGzipBytes: number;
  files: string[];
}

const gz = (file: string) => zlib.gzipSync(fs.readFileSync(file), { level: 9 }).length;

export function measureBundles(distDir = path.resolve('dist/client')): RouteSize[] {
  const manifest = JSON.parse(fs.readFileSync(path.join(distDir, '.vite/manifest.json'), 'utf8')) as Record<
    string,
    ManifestChunk
  >;
  const closure = (key: string, seen = new Set<string>()): Set<string> => {
    if (seen.has(key)) return seen;
    seen.add(key);
    for (const dep of manifest[key]?.imports ?? []) closure(dep, seen);
    return seen;
  };
  const size = (route: string, key: string, exclude = new Set<string>()): RouteSize => {
    const keys = [...closure(key)].filter((k) => !exclude.has(k));
    const js = keys.map((k) => manifest[k]!.file);
    const css = [...new Set(keys.flatMap((k) => manifest[k]!.css ?? []))];
    return {
      route,
      jsGzipBytes: js.reduce((n, f) => n + gz(path.join(distDir, f)), 0),
      cssGzipBytes: css.reduce((n, f) => n + gz(path.join(distDir, f)), 0),
      files: [...js, ...css],
    };
  };
  const entry = Object.keys(manifest).find((k) => manifest[k]!.isEntry)!;
  const entryClosure = closure(entry);
  const routes = [size('phone (entry: join + participant)', entry)];
  const lazy: Array<[string, string]> = [
    ['facilitator/advisor console (extra)', 'src/panels/ConsolePanel.tsx'],
    ['caseworker view (extra)', 'src/panels/CaseworkerPanel.tsx'],
    ['shared screen (extra)', 'src/panels/ScreenPanel.tsx'],
    ['start page (extra)', 'src/pages/StartPage.tsx'],
    ['board (extra)', 'src/board/Board.tsx'],
  ];
  for (const [route, key] of lazy) if (manifest[key]) routes.push(size(route, key, entryClosure));
  return routes;
}

export function phoneLoadsBoard(distDir = path.resolve('dist/client')): boolean {
  const phone = measureBundles(distDir)[0]!;
  return phone.files.some((f) => /tldraw|board/i.test(f));
}
