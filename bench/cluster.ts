/**
 * Several nodes (issue 20): the fan-out load through nginx (deploy/'s routing) on PostgreSQL with one
 * node and with two, side by side in one run, and the failover times of the cluster test's scenario.
 * `node --max-semi-space-size=64 --import tsx bench/cluster.ts [seconds]` runs it alone; `npm run
 * bench` runs it with the rest.
 */
import { startCluster } from '../tests/helpers/cluster.js';
import { type FailoverFigures, runFailover } from '../tests/helpers/failover.js';
import { type LoadResult, loadTable, median, runLoad } from './fanout.js';

export interface ClusterResult {
  load: LoadResult[];
  failover: Array<FailoverFigures & { proxy: string; servedMedianMs: number; servedMaxMs: number }>;
}

export async function measureCluster(seconds: number, log: (s: string) => void): Promise<ClusterResult> {
  const load: LoadResult[] = [];
  for (const nodes of [['A'], ['A', 'B']]) {
    for (const thinkMs of [100, 2000]) {
      log(`cluster: fan-out through nginx, ${nodes.length} node(s) on PostgreSQL, ${thinkMs} ms pause, 100 sessions…`);
      const cluster = await startCluster(nodes, 'nginx');
      try {
        const result = await runLoad({
          target: 'groupmap',
          sessions: 100,
          seconds: thinkMs === 2000 ? seconds * 2 : seconds,
          thinkMs,
          external: { url: cluster.url, pids: [...cluster.nodes.values()].map((n) => n.child.pid!) },
        });
        load.push({ ...result, target: `groupmap, ${nodes.length} node${nodes.length > 1 ? 's' : ''} behind nginx` });
      } finally {
        await cluster.stop();
      }
    }
  }
  const failover: ClusterResult['failover'] = [];
  for (const proxy of ['nginx', 'haproxy'] as const) {
    log(`cluster: failover behind ${proxy}, 10 sessions x 4 phones, SIGKILL of the busier node…`);
    const cluster = await startCluster(['A', 'B'], proxy);
    try {
      const f = await runFailover(cluster, { sessions: 10, phonesPerSession: 4, perPhone: 60, pauseMs: 40 });
      failover.push({ ...f, proxy, servedMedianMs: median(f.servedMs), servedMaxMs: Math.max(...f.servedMs) });
    } finally {
      await cluster.stop();
    }
  }
  return { load, failover };
}

export function clusterTables(r: ClusterResult): string[] {
  return [
    '## Several nodes: PostgreSQL behind a proxy',
    '',
    "Fan-out as above (100 sessions of 12 sockets, the groupmap mix), through nginx with deploy/'s routing to one node and to two,",
    'all on PostgreSQL 18 from npm, every process on this 2-core machine (the nodes, PostgreSQL, nginx and the load share it): the',
    'figures compare one node with two, not with the SQLite rows. Server CPU and RSS are the nodes summed.',
    '',
    ...loadTable(r.load),
    '',
    "Failover: the cluster test's scenario (10 sessions of 4 phones writing 60 items each), the node holding more sessions SIGKILLed",
    "mid-stream. Served: from the kill to each moved phone's first acknowledgement by the other node.",
    '',
    '| proxy | sessions moved | phones moved | served, median | served, worst | largest ack gap, sessions that stayed | lost | duplicated | logs gap-free | epochs +1 | board kept |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...r.failover.map(
      (f) =>
        `| ${f.proxy} | ${f.moved} of ${f.sessions} | ${f.movedPhones} | ${f.servedMedianMs} ms | ${f.servedMaxMs} ms | ${f.largestGapMs} ms | ${f.lost} | ${f.duplicated} | ${f.gapFree ? 'yes' : 'NO'} | ${f.epochsUpByOne ? 'yes' : 'NO'} | ${f.boardKept ? 'yes' : 'NO'} |`,
    ),
    '',
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const seconds = Number(process.argv[2] ?? 20);
  const result = await measureCluster(seconds, (s) => process.stdout.write(`${s}\n`));
  process.stdout.write(`${clusterTables(result).join('\n')}\n`);
}
