/* wire: framing and flattening for messages between parent and workers. */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "scenario.h"
#include "util.h"
#include "wire.h"

#define WIRE_NULL	UINT32_MAX
#define WIRE_HEADER	5	/* a type byte, a 32-bit length */

static void
put_u32(struct buf *b, uint32_t v)
{
	buf_add(b, &v, sizeof v);
}

static void
put_f64(struct buf *b, double v)
{
	buf_add(b, &v, sizeof v);
}

static void
put_str(struct buf *b, const char *s)
{
	if (s == NULL) {
		put_u32(b, WIRE_NULL);
		return;
	}
	put_u32(b, (uint32_t)strlen(s));
	buf_add(b, s, strlen(s));
}

void
wire_message(struct buf *b, enum wire_type type, const void *p, size_t len)
{
	buf_addc(b, (char)type);
	put_u32(b, (uint32_t)len);
	buf_add(b, p, len);
}

void
wire_put_scenario(struct buf *b, const struct scenario *sc)
{
	put_str(b, sc->path);
	put_str(b, sc->title);
	put_str(b, sc->description);
	put_str(b, sc->baseline);
	put_str(b, sc->id_col);
	put_str(b, sc->name_col);
	put_u32(b, (uint32_t)sc->start);
	put_u32(b, (uint32_t)sc->years);
	put_u32(b, sc->has_settle);
	put_u32(b, (uint32_t)sc->nlevers);
	for (size_t i = 0; i < sc->nlevers; i++) {
		const struct lever	*lv = &sc->levers[i];

		put_str(b, lv->name);
		put_str(b, lv->label);
		put_str(b, lv->group);
		put_str(b, lv->description);
		put_str(b, lv->unit);
		put_u32(b, lv->kind);
		put_u32(b, (uint32_t)lv->line);
		put_u32(b, lv->percent);
		put_f64(b, lv->min);
		put_f64(b, lv->max);
		put_f64(b, lv->step);
		put_f64(b, lv->def);
		put_u32(b, (uint32_t)lv->noptions);
		for (size_t j = 0; j < lv->noptions; j++)
			put_str(b, lv->options[j]);
		put_u32(b, (uint32_t)lv->def_option);
		put_u32(b, lv->def_on);
		put_u32(b, (uint32_t)lv->nparts);
		for (size_t j = 0; j < lv->nparts; j++) {
			put_str(b, lv->parts[j]);
			put_f64(b, lv->def_parts[j]);
		}
	}
	put_u32(b, (uint32_t)sc->nassumptions);
	for (size_t i = 0; i < sc->nassumptions; i++) {
		const struct assumption	*a = &sc->assumptions[i];

		put_str(b, a->name);
		put_str(b, a->label);
		put_str(b, a->unit);
		put_str(b, a->source);
		put_str(b, a->description);
		put_f64(b, a->value);
		put_u32(b, (uint32_t)a->line);
		put_u32(b, a->dist.kind);
		for (size_t j = 0; j < nitems(a->dist.p); j++)
			put_f64(b, a->dist.p[j]);
		put_u32(b, (uint32_t)a->dist.nvalues);
		for (size_t j = 0; j < a->dist.nvalues; j++)
			put_f64(b, a->dist.values[j]);
	}
	put_u32(b, (uint32_t)sc->noutputs);
	for (size_t i = 0; i < sc->noutputs; i++) {
		const struct output	*o = &sc->outputs[i];

		put_str(b, o->name);
		put_str(b, o->label);
		put_str(b, o->unit);
		put_str(b, o->description);
		put_u32(b, o->total);
		put_str(b, o->weight);
		put_u32(b, o->better);
		put_str(b, o->estimate);
		put_u32(b, (uint32_t)o->line);
	}
}

bool
wire_get(struct wire_reader *r, void *out, size_t n)
{
	if (r->bad || r->len < n) {
		r->bad = true;
		memset(out, 0, n);
		return false;
	}
	memcpy(out, r->p, n);
	r->p += n;
	r->len -= n;
	return true;
}

static uint32_t
get_u32(struct wire_reader *r)
{
	uint32_t	v;

	wire_get(r, &v, sizeof v);
	return v;
}

static double
get_f64(struct wire_reader *r)
{
	double	v;

	wire_get(r, &v, sizeof v);
	return v;
}

static char *
get_str(struct wire_reader *r)
{
	uint32_t	 n = get_u32(r);
	char		*s;

	if (n == WIRE_NULL || r->bad)
		return NULL;
	if (n > r->len) {
		r->bad = true;
		return NULL;
	}
	s = xstrndup((const char *)r->p, n);
	r->p += n;
	r->len -= n;
	return s;
}

/* A count of items that each take at least MIN bytes: bounded by the data. */
static size_t
get_count(struct wire_reader *r, size_t min)
{
	uint32_t	n = get_u32(r);

	if ((size_t)n > r->len / min) {
		r->bad = true;
		return 0;
	}
	return n;
}

/* A message's header: its type and the length of its payload. */
static bool
get_header(struct wire_reader *r, enum wire_type *type, uint32_t *len)
{
	unsigned char	t;

	if (!wire_get(r, &t, 1) || !wire_get(r, len, sizeof *len))
		return false;
	*type = (enum wire_type)t;
	return true;
}

bool
wire_next(struct wire_reader *r, enum wire_type *type,
    struct wire_reader *payload)
{
	struct wire_reader	h = *r;
	enum wire_type		t;
	uint32_t		len;

	if (r->len < WIRE_HEADER || !get_header(&h, &t, &len) || h.len < len)
		return false;
	*type = t;
	payload->p = h.p;
	payload->len = len;
	payload->bad = false;
	r->p = h.p + len;
	r->len = h.len - len;
	return true;
}

/* Write all of P to FD; -1 when the reader is gone. */
static int
write_all(int fd, const void *p, size_t len)
{
	const char	*s = p;

	while (len > 0) {
		ssize_t	n = write(fd, s, len);

		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		s += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Read exactly LEN bytes; -1 on end of file or error. */
static int
read_all(int fd, void *p, size_t len)
{
	char	*s = p;

	while (len > 0) {
		ssize_t	n = read(fd, s, len);

		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		s += n;
		len -= (size_t)n;
	}
	return 0;
}

int
wire_write(int fd, enum wire_type type, const void *p, size_t len)
{
	struct buf	b = { 0 };
	int		rc;

	wire_message(&b, type, p, len);
	rc = write_all(fd, b.data, b.len);
	buf_free(&b);
	return rc;
}

int
wire_read(int fd, enum wire_type *type, struct buf *b)
{
	unsigned char		hdr[WIRE_HEADER];
	struct wire_reader	h = { hdr, sizeof hdr, false };
	uint32_t		len;

	if (read_all(fd, hdr, sizeof hdr) == -1)
		return -1;
	get_header(&h, type, &len);
	b->len = 0;
	buf_add(b, "", 0);
	if (b->cap < (size_t)len + 1)
		b->data = xrealloc(b->data, b->cap = (size_t)len + 1);
	if (read_all(fd, b->data, len) == -1)
		return -1;
	b->len = len;
	b->data[len] = '\0';
	return 0;
}

struct scenario *
wire_get_scenario(struct wire_reader *r)
{
	struct scenario	*sc = xcalloc(1, sizeof *sc);

	sc->path = get_str(r);
	sc->title = get_str(r);
	sc->description = get_str(r);
	sc->baseline = get_str(r);
	sc->id_col = get_str(r);
	sc->name_col = get_str(r);
	sc->start = (int)get_u32(r);
	sc->years = (int)get_u32(r);
	sc->has_settle = get_u32(r) != 0;
	sc->nlevers = get_count(r, 16);
	sc->levers = xcalloc(sc->nlevers, sizeof *sc->levers);
	for (size_t i = 0; i < sc->nlevers && !r->bad; i++) {
		struct lever	*lv = &sc->levers[i];

		lv->name = get_str(r);
		lv->label = get_str(r);
		lv->group = get_str(r);
		lv->description = get_str(r);
		lv->unit = get_str(r);
		lv->kind = get_u32(r);
		lv->line = (int)get_u32(r);
		lv->percent = get_u32(r) != 0;
		lv->min = get_f64(r);
		lv->max = get_f64(r);
		lv->step = get_f64(r);
		lv->def = get_f64(r);
		lv->noptions = get_count(r, 4);
		lv->options = xcalloc(lv->noptions, sizeof *lv->options);
		for (size_t j = 0; j < lv->noptions; j++)
			lv->options[j] = get_str(r);
		lv->def_option = get_u32(r);
		lv->def_on = get_u32(r) != 0;
		lv->nparts = get_count(r, 12);
		lv->parts = xcalloc(lv->nparts, sizeof *lv->parts);
		lv->def_parts = xcalloc(lv->nparts, sizeof *lv->def_parts);
		for (size_t j = 0; j < lv->nparts; j++) {
			lv->parts[j] = get_str(r);
			lv->def_parts[j] = get_f64(r);
		}
		if (lv->kind > LEVER_SPLIT || lv->name == NULL ||
		    lv->label == NULL || lv->group == NULL ||
		    lv->description == NULL || lv->unit == NULL ||
		    (lv->kind == LEVER_CHOICE && lv->def_option >= lv->noptions))
			r->bad = true;
		for (size_t j = 0; j < lv->noptions; j++)
			if (lv->options[j] == NULL)
				r->bad = true;
		for (size_t j = 0; j < lv->nparts; j++)
			if (lv->parts[j] == NULL)
				r->bad = true;
	}
	sc->nassumptions = r->bad ? 0 : get_count(r, 28);
	sc->assumptions = xcalloc(sc->nassumptions, sizeof *sc->assumptions);
	for (size_t i = 0; i < sc->nassumptions && !r->bad; i++) {
		struct assumption	*a = &sc->assumptions[i];

		a->name = get_str(r);
		a->label = get_str(r);
		a->unit = get_str(r);
		a->source = get_str(r);
		a->description = get_str(r);
		a->value = get_f64(r);
		a->line = (int)get_u32(r);
		a->dist.kind = get_u32(r);
		for (size_t j = 0; j < nitems(a->dist.p); j++)
			a->dist.p[j] = get_f64(r);
		if (a->dist.kind > DIST_EMPIRICAL)
			r->bad = true;
		a->dist.nvalues = r->bad ? 0 : get_count(r, 8);
		a->dist.values = xcalloc(a->dist.nvalues, sizeof *a->dist.values);
		for (size_t j = 0; j < a->dist.nvalues; j++)
			a->dist.values[j] = get_f64(r);
		if (a->name == NULL || a->label == NULL || a->unit == NULL ||
		    a->source == NULL || a->description == NULL)
			r->bad = true;
	}
	sc->noutputs = r->bad ? 0 : get_count(r, 24);
	sc->outputs = xcalloc(sc->noutputs, sizeof *sc->outputs);
	for (size_t i = 0; i < sc->noutputs && !r->bad; i++) {
		struct output	*o = &sc->outputs[i];

		o->name = get_str(r);
		o->label = get_str(r);
		o->unit = get_str(r);
		o->description = get_str(r);
		o->total = get_u32(r);
		o->weight = get_str(r);
		o->better = get_u32(r);
		o->estimate = get_str(r);
		o->line = (int)get_u32(r);
		if (o->name == NULL || o->label == NULL || o->unit == NULL ||
		    o->description == NULL || o->total > TOTAL_NONE ||
		    o->better > BETTER_NEITHER ||
		    (o->total == TOTAL_WMEAN && o->weight == NULL))
			r->bad = true;
	}
	if (sc->path == NULL || sc->title == NULL || sc->description == NULL ||
	    sc->id_col == NULL || sc->name_col == NULL)
		r->bad = true;
	if (r->bad) {
		scenario_free(sc);
		return NULL;
	}
	return sc;
}

void
wire_put_settings(struct buf *b, const struct scenario *sc,
    const struct settings *st)
{
	for (size_t i = 0; i < sc->nlevers; i++) {
		const struct lever_value	*v = &st->levers[i];

		put_f64(b, v->num);
		put_u32(b, (uint32_t)v->choice);
		put_u32(b, v->on);
		for (size_t j = 0; v->parts != NULL &&
		    j < sc->levers[i].nparts; j++)
			put_f64(b, v->parts[j]);
	}
	for (size_t i = 0; i < sc->nassumptions; i++)
		put_f64(b, st->assumptions[i]);
	buf_add(b, &st->seed, sizeof st->seed);
}

struct settings *
wire_get_settings(struct wire_reader *r, const struct scenario *sc)
{
	struct settings	*st = settings_new(sc);

	for (size_t i = 0; i < sc->nlevers; i++) {
		const struct lever	*lv = &sc->levers[i];
		struct lever_value	*v = &st->levers[i];

		v->num = get_f64(r);
		v->choice = get_u32(r);
		v->on = get_u32(r) != 0;
		for (size_t j = 0; v->parts != NULL && j < lv->nparts; j++)
			v->parts[j] = get_f64(r);
		if (lv->kind == LEVER_CHOICE && v->choice >= lv->noptions)
			r->bad = true;
	}
	for (size_t i = 0; i < sc->nassumptions; i++)
		st->assumptions[i] = get_f64(r);
	wire_get(r, &st->seed, sizeof st->seed);
	if (r->bad || r->len != 0) {
		settings_free(st);
		return NULL;
	}
	return st;
}
