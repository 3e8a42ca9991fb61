/*
 * sweep: many recomputes of one scenario over a grid of lever values (or a
 * Latin hypercube over their ranges), run on warm workers, written as one
 * tidy CSV: the swept levers' values, then id,name,year,output,value.
 *
 * The points are numbered; shard K of N is a contiguous slice of them, so
 * shards run anywhere with no coordinator and merge by concatenation. The
 * first line of every output is a comment naming the sweep by hashes
 * (scenario file, baseline file, grid, seed) and the slice it holds:
 *
 *   # lever-sweep 1 scenario=HEX baseline=HEX grid=HEX seed=S shard=K/N
 *     from=F count=C total=T rows=R
 *
 * (one line), so that lever merge refuses shards of different sweeps and
 * incomplete ones, and --resume continues only the sweep it was given.
 * Points are written whole and in order, flushed as they finish: an
 * interrupted sweep leaves complete points, and --resume drops any part
 * of a point after them and carries on.
 */
#ifndef LEVER_SWEEP_H
#define LEVER_SWEEP_H

/* `lever sweep`: argv[0] is "sweep". Returns an exit status. */
int	sweep_main(int argc, char **argv);
/* `lever merge`: argv[0] is "merge". Returns an exit status. */
int	sweep_merge_main(int argc, char **argv);

#endif
