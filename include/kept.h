/*
 * kept: the last few results the screen had, by the settings they were
 * computed from, so that a lever moved back, moved on to a step computed
 * ahead, or an option looked at again is answered without a recompute.
 * Kept only while small: a byte budget decides how many (none when even
 * two would not fit), and the oldest goes first.
 */
#ifndef LEVER_KEPT_H
#define LEVER_KEPT_H

#include <stdbool.h>
#include <stddef.h>

struct results;
struct scenario;
struct settings;

/* At most this many results, and this many bytes of them. */
#define KEPT_MAX	6
#define KEPT_BYTES	((size_t)16 << 20)

struct kept;

/* Room for results of NAREAS areas of SC; kept_room says how many. */
struct kept		*kept_new(const struct scenario *, size_t nareas);
void			 kept_free(struct kept *);
size_t			 kept_room(const struct kept *);
/* The results of settings ST, or NULL; finding one makes it the newest. */
const struct results	*kept_find(struct kept *, const struct settings *);
/* Keep a copy of RES as the results of ST (the oldest goes if full). */
void			 kept_put(struct kept *, const struct settings *,
			    const struct results *);
/* Forget everything (the scenario or baseline changed). */
void			 kept_clear(struct kept *);

#endif
