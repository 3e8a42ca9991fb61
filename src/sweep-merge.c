/*
 * sweep-merge: `lever merge`. Every shard's header is read and compared
 * with the first's (all but the slice: the scenario, baseline and grid
 * hashes, seed, total and rows per point, and the column line), each
 * shard must be whole and hold the slice its number says, and the shards
 * are joined in order under the header the unsharded sweep writes.
 */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "file.h"
#include "sweep.h"
#include "sweep-int.h"
#include "util.h"

struct shard {
	const char	*path;
	char		*text;
	size_t		 len;
	size_t		 hl;		/* header and column lines */
	char		*key;		/* the header without shard and slice */
	size_t		 k, n, from, count, total, rows;
};

/* The shards being merged, as file_write_atomic hands them to merge_fill. */
struct merge {
	const struct shard	*sh;
	size_t			 n;
};

/* Write the header the unsharded sweep writes, then the shards in order. */
static int
merge_fill(FILE *f, void *arg)
{
	const struct merge	*m = arg;
	const struct shard	*sh = m->sh;
	const char		*p = strstr(sh[0].text, " shard=");

	fprintf(f, "%.*s shard=1/1 from=0 count=%zu total=%zu rows=%zu\n",
	    (int)(p - sh[0].text), sh[0].text, sh[0].total, sh[0].total,
	    sh[0].rows);
	fwrite(strchr(sh[0].text, '\n') + 1, 1, sh[0].hl -
	    (size_t)(strchr(sh[0].text, '\n') + 1 - sh[0].text), f);
	for (size_t k = 1; k <= sh[0].n; k++)
		for (size_t i = 0; i < m->n; i++)
			if (sh[i].k == k)
				fwrite(sh[i].text + sh[i].hl, 1,
				    sh[i].len - sh[i].hl, f);
	return 0;
}

/* Parse a shard's header; -1 after a message. */
static int
shard_read(struct shard *sh)
{
	char	*nl, *cols, *p, *q;
	size_t	 recs, end;

	if ((sh->text = sweep_slurp(sh->path, &sh->len)) == NULL) {
		sweep_say("merge", "%s: %s", sh->path, strerror(errno));
		return -1;
	}
	if (strncmp(sh->text, SWEEP_MAGIC, strlen(SWEEP_MAGIC)) != 0 ||
	    (nl = strchr(sh->text, '\n')) == NULL ||
	    (cols = strchr(nl + 1, '\n')) == NULL) {
		sweep_say("merge", "%s: not the output of lever sweep (its first "
		    "line is not '# lever-sweep 1 ...')", sh->path);
		return -1;
	}
	sh->hl = (size_t)(cols + 1 - sh->text);
	*nl = '\0';
	p = strstr(sh->text, " shard=");
	q = strstr(sh->text, " rows=");
	if (p == NULL || q == NULL || sscanf(p, " shard=%zu/%zu from=%zu "
	    "count=%zu total=%zu", &sh->k, &sh->n, &sh->from, &sh->count,
	    &sh->total) != 5 || sscanf(q, " rows=%zu", &sh->rows) != 1 ||
	    sh->k < 1 || sh->k > sh->n) {
		sweep_say("merge", "%s: a damaged lever-sweep header", sh->path);
		*nl = '\n';
		return -1;
	}
	/* what must be the same in every shard: all but the slice, plus
	 * the column line */
	sh->key = xasprintf("%.*s total=%zu%s\n%.*s", (int)(p - sh->text),
	    sh->text, sh->total, q, (int)(cols - nl), nl + 1);
	*nl = '\n';
	recs = sweep_records(sh->text + sh->hl, sh->len - sh->hl, SIZE_MAX,
	    &end);
	if (recs != sh->count * sh->rows || end != sh->len - sh->hl) {
		sweep_say("merge", "%s: shard %zu/%zu is incomplete (%zu of %zu "
		    "points); finish it with lever sweep --resume", sh->path,
		    sh->k, sh->n, sh->rows > 0 ? recs / sh->rows : 0,
		    sh->count);
		return -1;
	}
	return 0;
}

/* Name the first field that differs between two headers. */
static char *
header_difference(const char *a, const char *b)
{
	static const char *const keys[] = { "scenario=", "baseline=",
	    "grid=", "seed=", "total=", "rows=" };

	for (size_t i = 0; i < nitems(keys); i++) {
		const char	*x = strstr(a, keys[i]), *y = strstr(b, keys[i]);
		size_t		 lx = x ? strcspn(x, " \n") : 0,
				 ly = y ? strcspn(y, " \n") : 0;

		if (x == NULL || y == NULL || lx != ly || memcmp(x, y, lx) != 0)
			return xstrndup(keys[i], strlen(keys[i]) - 1);
	}
	return xstrdup("columns");
}

int
sweep_merge_main(int argc, char **argv)
{
	const char	*out = NULL;
	struct shard	*sh = NULL;
	size_t		 n = 0;
	int		 rc = EXIT_USAGE;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-o") == 0 && i + 1 < argc)
			out = argv[++i];
		else if (strncmp(argv[i], "--output=", 9) == 0)
			out = argv[i] + 9;
		else if (strcmp(argv[i], "-h") == 0 ||
		    strcmp(argv[i], "--help") == 0) {
			sweep_usage(stdout);
			return EXIT_OK;
		} else if (argv[i][0] == '-' && argv[i][1] != '\0') {
			sweep_say("merge", "unknown option %s", argv[i]);
			sweep_usage(stderr);
			return EXIT_USAGE;
		} else {
			sh = xreallocarray(sh, n + 1, sizeof *sh);
			memset(&sh[n], 0, sizeof *sh);
			sh[n++].path = argv[i];
		}
	}
	if (out == NULL || n == 0) {
		sweep_say("merge", "give the shards and -o FILE.csv");
		sweep_usage(stderr);
		goto done;
	}
	rc = EXIT_INPUT;
	for (size_t i = 0; i < n; i++)
		if (shard_read(&sh[i]) == -1)
			goto done;
	for (size_t i = 1; i < n; i++)
		if (strcmp(sh[i].key, sh[0].key) != 0 || sh[i].n != sh[0].n) {
			char	*what = sh[i].n != sh[0].n ? xstrdup("shard "
			    "count") : header_difference(sh[i].key, sh[0].key);

			sweep_say("merge", "%s and %s are shards of different sweeps "
			    "(their %s differs): not merged", sh[0].path,
			    sh[i].path, what);
			free(what);
			goto done;
		}
	for (size_t k = 1; k <= sh[0].n; k++) {
		size_t	found = 0;

		for (size_t i = 0; i < n; i++)
			found += sh[i].k == k;
		if (found != 1) {
			sweep_say("merge", "shard %zu/%zu is %s", k, sh[0].n,
			    found == 0 ? "missing" : "given more than once");
			goto done;
		}
	}
	for (size_t i = 0; i < n; i++) {
		size_t	from = sh[0].total * (sh[i].k - 1) / sh[i].n;

		if (sh[i].from != from || sh[i].count != sh[0].total *
		    sh[i].k / sh[i].n - from) {
			sweep_say("merge", "%s: shard %zu/%zu does not hold the "
			    "points it should", sh[i].path, sh[i].k, sh[i].n);
			goto done;
		}
	}
	rc = EXIT_INTERNAL;
	switch (file_write_atomic(out, FILE_KEEP_MODE, merge_fill,
	    &(struct merge){ sh, n })) {
	case FILE_NOT_MADE:
		sweep_say("merge", "%s: cannot write: %s", out,
		    strerror(errno));
		break;
	case FILE_NOT_WRITTEN:
		sweep_say("merge", "%s: writing failed: %s", out,
		    strerror(errno));
		break;
	default:
		rc = EXIT_OK;
	}
done:
	for (size_t i = 0; i < n; i++) {
		free(sh[i].text);
		free(sh[i].key);
	}
	free(sh);
	return rc;
}
