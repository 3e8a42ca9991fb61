/* kept: recent results by settings (kept.h). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "kept.h"
#include "results.h"
#include "scenario.h"
#include "util.h"

struct kept {
	const struct scenario	*sc;
	size_t			 room;
	unsigned long		 clock;		/* when each was last used */
	struct {
		struct settings	*st;
		struct results	*res;
		unsigned long	 used;
	} e[KEPT_MAX];
};

struct kept *
kept_new(const struct scenario *sc, size_t nareas)
{
	struct kept	*k = xcalloc(1, sizeof *k);
	size_t		 each = nareas * (size_t)sc->years * sc->noutputs *
			    sizeof(double);

	k->sc = sc;
	k->room = each == 0 ? KEPT_MAX : KEPT_BYTES / each;
	if (k->room > KEPT_MAX)
		k->room = KEPT_MAX;
	if (k->room < 2)
		k->room = 0;
	return k;
}

void
kept_clear(struct kept *k)
{
	for (size_t i = 0; i < KEPT_MAX; i++) {
		settings_free(k->e[i].st);
		results_free(k->e[i].res);
		k->e[i].st = NULL;
		k->e[i].res = NULL;
	}
}

void
kept_free(struct kept *k)
{
	if (k == NULL)
		return;
	kept_clear(k);
	free(k);
}

size_t
kept_room(const struct kept *k)
{
	return k != NULL ? k->room : 0;
}

const struct results *
kept_find(struct kept *k, const struct settings *st)
{
	for (size_t i = 0; k != NULL && i < k->room; i++)
		if (k->e[i].st != NULL && settings_equal(k->sc, k->e[i].st,
		    st)) {
			k->e[i].used = ++k->clock;
			return k->e[i].res;
		}
	return NULL;
}

void
kept_put(struct kept *k, const struct settings *st, const struct results *res)
{
	size_t	at = 0;

	if (kept_room(k) == 0 || kept_find(k, st) != NULL)
		return;
	for (size_t i = 0; i < k->room; i++) {
		if (k->e[i].st == NULL) {
			at = i;
			break;
		}
		if (k->e[i].used < k->e[at].used)
			at = i;
	}
	settings_free(k->e[at].st);
	results_free(k->e[at].res);
	k->e[at].st = settings_copy(k->sc, st);
	k->e[at].res = results_copy(res);
	k->e[at].used = ++k->clock;
}
