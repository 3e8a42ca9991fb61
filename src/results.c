/* results: the projection's numbers and totals across areas. */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "baseline.h"
#include "results.h"
#include "scenario.h"
#include "util.h"

struct results *
results_new(size_t nareas, size_t nyears, size_t noutputs)
{
	struct results	*r = xcalloc(1, sizeof *r);

	r->nareas = nareas;
	r->nyears = nyears;
	r->noutputs = noutputs;
	r->v = xcalloc(nareas * nyears * noutputs, sizeof *r->v);
	return r;
}

struct results *
results_copy(const struct results *r)
{
	struct results	*c;

	if (r == NULL)
		return NULL;
	c = results_new(r->nareas, r->nyears, r->noutputs);
	memcpy(c->v, r->v, r->nareas * r->nyears * r->noutputs * sizeof *c->v);
	return c;
}

void
results_free(struct results *r)
{
	if (r == NULL)
		return;
	free(r->v);
	free(r);
}

double
results_total(const struct results *r, const struct scenario *sc,
    const struct baseline *bl, const size_t *rows, size_t nrows,
    size_t output, size_t year)
{
	if (r->nareas == 0)
		return NAN;
	return results_total_of(sc, bl, rows, nrows, r->nareas, output,
	    results_at(r, 0, year, output), r->nyears * r->noutputs);
}

double
results_total_of(const struct scenario *sc, const struct baseline *bl,
    const size_t *rows, size_t nrows, size_t nareas, size_t output,
    const double *v0, size_t stride)
{
	const struct output	*o = &sc->outputs[output];
	long			 wcol = -1;
	double			 sum = 0, wsum = 0;
	size_t			 n = rows != NULL ? nrows : nareas, count = 0;

	if (o->total == TOTAL_NONE || n == 0)
		return NAN;
	if (o->total == TOTAL_WMEAN && (wcol = baseline_column(bl,
	    o->weight)) < 0)
		return NAN;
	for (size_t k = 0; k < n; k++) {
		size_t	i = rows != NULL ? rows[k] : k;
		double	v = v0[i * stride], w;

		if (wcol >= 0) {
			w = baseline_num(bl, i, (size_t)wcol);
			if (isnan(w))
				continue;
			sum += v * w;
			wsum += w;
		} else
			sum += v;
		count++;
	}
	switch (o->total) {
	case TOTAL_SUM:
		return sum;
	case TOTAL_MEAN:
		return count ? sum / (double)count : NAN;
	case TOTAL_WMEAN:
		return wsum != 0 ? sum / wsum : NAN;
	case TOTAL_NONE:
		break;
	}
	return NAN;
}
