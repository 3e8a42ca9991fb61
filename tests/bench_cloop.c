/*
 * bench_cloop: the hand-written C reference for scripts/bench. The
 * benchmark's synthetic rule (its project(): jobs, pay, spend and score
 * from three baseline columns, two assumptions and two levers at their
 * defaults) as a plain C loop over the areas of a comma-separated file
 * without quotes, writing what `lever run -o OUT.csv` writes, each number
 * through fmt_double. A whole run of lever against this is the cost of
 * the engine, the sandbox and the worker processes.
 *
 * usage: bench_cloop BASELINE.csv OUT.csv [YEARS [START]]
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

#define GROWTH	0.015		/* assume "growth" */
#define EFFECT	0.002		/* assume "effect" */
#define INVEST	50.0		/* lever "invest", default */

struct area {
	char	*id, *name;
	double	 pop, imd, pay;	/* NAN when missing */
	double	 prev_pay, prev_jobs;
};

/* Field C of a line split at commas in place; NULL past the end. */
static char *
field(char **cells, size_t n, size_t c)
{
	return c < n ? cells[c] : NULL;
}

static double
number(const char *s)
{
	char	*end;
	double	 v;

	if (s == NULL || *s == '\0')
		return NAN;
	v = strtod(s, &end);
	return *end == '\0' ? v : NAN;
}

static size_t
split(char *line, char **cells, size_t max)
{
	size_t	n = 0;

	line[strcspn(line, "\r\n")] = '\0';
	cells[n++] = line;
	for (char *p = line; *p != '\0' && n < max; p++) {
		if (*p == ',') {
			*p = '\0';
			cells[n++] = p + 1;
		}
	}
	return n;
}

static size_t
column(char **cells, size_t n, const char *name)
{
	for (size_t c = 0; c < n; c++)
		if (strcmp(cells[c], name) == 0)
			return c;
	return (size_t)-1;
}

int
main(int argc, char **argv)
{
	static const char *const outs[] = { "jobs", "pay", "spend", "score" };
	FILE		*in, *out;
	char		*line = NULL, *cells[256], num[32];
	size_t		 cap = 0, n, na = 0, acap = 0;
	size_t		 cid, cname, cpop, cimd, cpay;
	struct area	*a = NULL;
	int		 years = argc > 3 ? atoi(argv[3]) : 10;
	int		 start = argc > 4 ? atoi(argv[4]) : 2025;

	if (argc < 3) {
		fprintf(stderr, "usage: bench_cloop BASELINE.csv OUT.csv "
		    "[YEARS [START]]\n");
		return 2;
	}
	if ((in = fopen(argv[1], "r")) == NULL ||
	    getline(&line, &cap, in) < 0) {
		perror(argv[1]);
		return 1;
	}
	n = split(line, cells, 256);
	cid = column(cells, n, "code");
	cname = column(cells, n, "name");
	cpop = column(cells, n, "pop_2021");
	cimd = column(cells, n, "imd25_score");
	cpay = column(cells, n, "median_weekly_pay_gbp_2023");
	while (getline(&line, &cap, in) >= 0) {
		n = split(line, cells, 256);
		if (na == acap) {
			acap = acap ? 2 * acap : 1024;
			a = xrealloc(a, acap * sizeof *a);
		}
		a[na].id = xstrdup(field(cells, n, cid));
		a[na].name = xstrdup(field(cells, n, cname) ?
		    field(cells, n, cname) : "");
		a[na].pop = number(field(cells, n, cpop));
		a[na].imd = number(field(cells, n, cimd));
		a[na].pay = number(field(cells, n, cpay));
		a[na].prev_pay = a[na].prev_jobs = NAN;
		na++;
	}
	fclose(in);
	free(line);

	double	*res = xcalloc(na * (size_t)years * 4, sizeof *res);

	for (int y = 0; y < years; y++) {
		for (size_t i = 0; i < na; i++) {
			struct area	*p = &a[i];
			double		 pop = isnan(p->pop) ? 1000 : p->pop;
			double		 need = 1 + (isnan(p->imd) ? 20 : p->imd) / 100;
			double		 per_head = INVEST * need;
			double		 pay0 = !isnan(p->prev_pay) ? p->prev_pay :
					    !isnan(p->pay) ? p->pay : 500;
			double		 pay = pay0 * (1 + GROWTH + EFFECT *
					    per_head / 100);
			double		 jobs = (!isnan(p->prev_jobs) ?
					    p->prev_jobs : pop * 0.45) *
					    (1 + GROWTH / 2);
			double		*r = &res[((size_t)y * na + i) * 4];

			r[0] = jobs;
			r[1] = pay;
			r[2] = per_head * pop;
			r[3] = log(pay) * need;
			p->prev_pay = pay;
			p->prev_jobs = jobs;
		}
	}

	if ((out = fopen(argv[2], "w")) == NULL) {
		perror(argv[2]);
		return 1;
	}
	fputs("id,name,year,output,value\n", out);
	for (size_t i = 0; i < na; i++)
		for (int y = 0; y < years; y++)
			for (int o = 0; o < 4; o++)
				fprintf(out, "%s,%s,%d,%s,%s\n", a[i].id,
				    a[i].name, start + 1 + y, outs[o],
				    fmt_double(num, sizeof num,
				    res[((size_t)y * na + i) * 4 + o]));
	if (fclose(out) != 0) {
		perror(argv[2]);
		return 1;
	}
	for (size_t i = 0; i < na; i++) {
		free(a[i].id);
		free(a[i].name);
	}
	free(a);
	free(res);
	return 0;
}
