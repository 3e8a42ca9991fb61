/* wire: framing and flattening for messages between parent and workers. */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "baseline.h"
#include "results.h"
#include "scenario.h"
#include "util.h"
#include "wire.h"

#define WIRE_NULL	UINT32_MAX

void
wire_put_u32(struct buf *b, uint32_t v)
{
	buf_add(b, &v, sizeof v);
}

void
wire_put_f64(struct buf *b, double v)
{
	buf_add(b, &v, sizeof v);
}

void
wire_put_str(struct buf *b, const char *s)
{
	if (s == NULL) {
		wire_put_u32(b, WIRE_NULL);
		return;
	}
	wire_put_u32(b, (uint32_t)strlen(s));
	buf_add(b, s, strlen(s));
}

void
wire_message(struct buf *b, enum wire_type type, const void *p, size_t len)
{
	buf_addc(b, (char)type);
	wire_put_u32(b, (uint32_t)len);
	buf_add(b, p, len);
}

/* The field OFF bytes into the struct at P. */
static void *
field_at(const void *p, size_t off)
{
	return (char *)p + off;
}

/*
 * An array field (scenario.h) of the struct at P: its count, then each
 * item; a split's part is its name, then its share.
 */
static void
put_many(struct buf *b, const struct scenario_field *f, const void *p)
{
	size_t		 n = *(const size_t *)field_at(p, f->count);
	char *const	*names = NULL;
	const double	*nums = NULL;

	if (f->kind != FIELD_NUMS)
		names = *(char **const *)field_at(p, f->off);
	if (f->kind != FIELD_STRS)
		nums = *(double *const *)field_at(p, f->kind == FIELD_PARTS ?
		    f->shares : f->off);
	wire_put_u32(b, (uint32_t)n);
	for (size_t j = 0; j < n; j++) {
		if (f->kind != FIELD_NUMS)
			wire_put_str(b, names[j]);
		if (f->kind != FIELD_STRS)
			wire_put_f64(b, nums[j]);
	}
}

/* The fields of the struct at P, in its table's order. */
static void
put_fields(struct buf *b, const struct scenario_fields *t, const void *p)
{
	for (const struct scenario_field *f = t->f; f < t->f + t->n; f++) {
		const void	*x = field_at(p, f->off);

		switch (f->kind) {
		case FIELD_STR:
		case FIELD_STR_OPT:
			wire_put_str(b, *(char *const *)x);
			break;
		case FIELD_INT:
			wire_put_u32(b, (uint32_t)*(const int *)x);
			break;
		case FIELD_BOOL:
			wire_put_u32(b, *(const bool *)x);
			break;
		case FIELD_ENUM:
			wire_put_u32(b, *(const unsigned *)x);
			break;
		case FIELD_SIZE:
			wire_put_u32(b, (uint32_t)*(const size_t *)x);
			break;
		case FIELD_NUM:
			wire_put_f64(b, *(const double *)x);
			break;
		case FIELD_STRS:
		case FIELD_NUMS:
		case FIELD_PARTS:
			put_many(b, f, p);
			break;
		}
	}
}

/* A count, then N structs of SIZE at P. */
static void
put_array(struct buf *b, const struct scenario_fields *t, const void *p,
    size_t n, size_t size)
{
	wire_put_u32(b, (uint32_t)n);
	for (size_t i = 0; i < n; i++)
		put_fields(b, t, (const char *)p + i * size);
}

void
wire_put_scenario(struct buf *b, const struct scenario *sc)
{
	put_fields(b, &scenario_top_fields, sc);
	put_array(b, &scenario_lever_fields, sc->levers, sc->nlevers,
	    sizeof *sc->levers);
	put_array(b, &scenario_assumption_fields, sc->assumptions,
	    sc->nassumptions, sizeof *sc->assumptions);
	put_array(b, &scenario_output_fields, sc->outputs, sc->noutputs,
	    sizeof *sc->outputs);
	wire_put_u32(b, (uint32_t)sc->nmodules);
	for (size_t i = 0; i < sc->nmodules; i++)
		wire_put_str(b, sc->modules[i]);
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

uint32_t
wire_get_u32(struct wire_reader *r)
{
	uint32_t	v;

	wire_get(r, &v, sizeof v);
	return v;
}

double
wire_get_f64(struct wire_reader *r)
{
	double	v;

	wire_get(r, &v, sizeof v);
	return v;
}

char *
wire_get_str(struct wire_reader *r)
{
	uint32_t	 n = wire_get_u32(r);
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
size_t
wire_get_count(struct wire_reader *r, size_t min)
{
	uint32_t	n = wire_get_u32(r);

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
wire_peek_len(const struct wire_reader *r, uint32_t *len)
{
	struct wire_reader	h = *r;
	enum wire_type		t;

	return r->len >= WIRE_HEADER && get_header(&h, &t, len);
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

/*
 * Write (OUT) or read all LEN bytes at P on FD; -1 when the reader is gone,
 * at end of file, or on an error.
 */
static int
move_all(int fd, void *p, size_t len, bool out)
{
	char	*s = p;

	while (len > 0) {
		ssize_t	n = out ? write(fd, s, len) : read(fd, s, len);

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

	if (len > WIRE_MAX) {
		errno = EMSGSIZE;
		return -1;
	}
	wire_message(&b, type, p, len);
	rc = move_all(fd, b.data, b.len, true);
	buf_free(&b);
	return rc;
}

int
wire_read(int fd, enum wire_type *type, struct buf *b)
{
	unsigned char		hdr[WIRE_HEADER];
	struct wire_reader	h = { hdr, sizeof hdr, false };
	uint32_t		len;

	if (move_all(fd, hdr, sizeof hdr, false) == -1)
		return -1;
	get_header(&h, type, &len);
	if (len > WIRE_MAX) {
		errno = EMSGSIZE;	/* refused before any allocation */
		return -1;
	}
	b->len = 0;
	buf_add(b, "", 0);
	if (b->cap < (size_t)len + 1)
		b->data = xrealloc(b->data, b->cap = (size_t)len + 1);
	if (move_all(fd, b->data, len, false) == -1)
		return -1;
	b->len = len;
	b->data[len] = '\0';
	return 0;
}

/* A string that must be there: NULL makes R bad. */
static char *
get_str_needed(struct wire_reader *r)
{
	char	*s = wire_get_str(r);

	if (s == NULL)
		r->bad = true;
	return s;
}

/* An array field, as put_many wrote it; a name missing makes R bad. */
static void
get_many(struct wire_reader *r, const struct scenario_field *f, void *p)
{
	/* the fewest bytes an item takes: a length; a double; both */
	static const size_t	 least[] = { [FIELD_STRS] = 4,
				    [FIELD_NUMS] = 8, [FIELD_PARTS] = 12 };
	size_t			 n = wire_get_count(r, least[f->kind]);
	char			**names = NULL;
	double			*nums = NULL;

	*(size_t *)field_at(p, f->count) = n;
	if (f->kind != FIELD_NUMS)
		*(char ***)field_at(p, f->off) = names =
		    xcalloc(n, sizeof *names);
	if (f->kind != FIELD_STRS)
		*(double **)field_at(p, f->kind == FIELD_PARTS ? f->shares :
		    f->off) = nums = xcalloc(n, sizeof *nums);
	for (size_t j = 0; j < n; j++) {
		if (f->kind != FIELD_NUMS)
			names[j] = get_str_needed(r);
		if (f->kind != FIELD_STRS)
			nums[j] = wire_get_f64(r);
	}
}

/*
 * Read the fields of the struct at P (zeroed); what does not hold (a
 * string missing, an enum out of its range) makes R bad.
 */
static void
get_fields(struct wire_reader *r, const struct scenario_fields *t, void *p)
{
	for (const struct scenario_field *f = t->f; f < t->f + t->n; f++) {
		void	*x = field_at(p, f->off);

		switch (f->kind) {
		case FIELD_STR:
			*(char **)x = get_str_needed(r);
			break;
		case FIELD_STR_OPT:
			*(char **)x = wire_get_str(r);
			break;
		case FIELD_INT:
			*(int *)x = (int)wire_get_u32(r);
			break;
		case FIELD_BOOL:
			*(bool *)x = wire_get_u32(r) != 0;
			break;
		case FIELD_ENUM:
			if ((*(unsigned *)x = wire_get_u32(r)) > f->max)
				r->bad = true;
			break;
		case FIELD_SIZE:
			*(size_t *)x = wire_get_u32(r);
			break;
		case FIELD_NUM:
			*(double *)x = wire_get_f64(r);
			break;
		case FIELD_STRS:
		case FIELD_NUMS:
		case FIELD_PARTS:
			get_many(r, f, p);
			break;
		}
	}
}

struct scenario *
wire_get_scenario(struct wire_reader *r)
{
	struct scenario	*sc = xcalloc(1, sizeof *sc);

	get_fields(r, &scenario_top_fields, sc);
	sc->nlevers = wire_get_count(r, 16);
	sc->levers = xcalloc(sc->nlevers, sizeof *sc->levers);
	for (size_t i = 0; i < sc->nlevers && !r->bad; i++) {
		struct lever	*lv = &sc->levers[i];

		get_fields(r, &scenario_lever_fields, lv);
		if (lv->kind == LEVER_CHOICE && lv->def_option >= lv->noptions)
			r->bad = true;
	}
	sc->nassumptions = r->bad ? 0 : wire_get_count(r, 28);
	sc->assumptions = xcalloc(sc->nassumptions, sizeof *sc->assumptions);
	for (size_t i = 0; i < sc->nassumptions && !r->bad; i++)
		get_fields(r, &scenario_assumption_fields, &sc->assumptions[i]);
	sc->noutputs = r->bad ? 0 : wire_get_count(r, 24);
	sc->outputs = xcalloc(sc->noutputs, sizeof *sc->outputs);
	for (size_t i = 0; i < sc->noutputs && !r->bad; i++) {
		struct output	*o = &sc->outputs[i];

		get_fields(r, &scenario_output_fields, o);
		if (o->total == TOTAL_WMEAN && o->weight == NULL)
			r->bad = true;
	}
	sc->nmodules = r->bad ? 0 : wire_get_count(r, 4);
	sc->modules = xcalloc(sc->nmodules + 1, sizeof *sc->modules);
	for (size_t i = 0; i < sc->nmodules && !r->bad; i++)
		sc->modules[i] = get_str_needed(r);
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

		wire_put_f64(b, v->num);
		wire_put_u32(b, (uint32_t)v->choice);
		wire_put_u32(b, v->on);
		for (size_t j = 0; v->parts != NULL &&
		    j < sc->levers[i].nparts; j++)
			wire_put_f64(b, v->parts[j]);
	}
	for (size_t i = 0; i < sc->nassumptions; i++)
		wire_put_f64(b, st->assumptions[i]);
	buf_add(b, &st->seed, sizeof st->seed);
}

struct settings *
wire_get_settings(struct wire_reader *r, const struct scenario *sc)
{
	struct settings	*st = settings_new(sc);

	for (size_t i = 0; i < sc->nlevers; i++) {
		const struct lever	*lv = &sc->levers[i];
		struct lever_value	*v = &st->levers[i];

		v->num = wire_get_f64(r);
		v->choice = wire_get_u32(r);
		v->on = wire_get_u32(r) != 0;
		for (size_t j = 0; v->parts != NULL && j < lv->nparts; j++)
			v->parts[j] = wire_get_f64(r);
		if (lv->kind == LEVER_CHOICE && v->choice >= lv->noptions)
			r->bad = true;
	}
	for (size_t i = 0; i < sc->nassumptions; i++)
		st->assumptions[i] = wire_get_f64(r);
	wire_get(r, &st->seed, sizeof st->seed);
	if (r->bad || r->len != 0) {
		settings_free(st);
		return NULL;
	}
	return st;
}

/*
 * A baseline as a table: its cells' text in one block (offsets plus one,
 * 0 for missing) and every number, so that a screen with no access to the
 * file (a workshop's participant) can show it.
 */
void
wire_put_baseline(struct buf *b, const struct baseline *bl)
{
	struct buf	arena = { 0 };
	size_t		ncells = bl->nrows * bl->ncols;

	wire_put_str(b, bl->path);
	wire_put_u32(b, (uint32_t)(unsigned char)bl->delimiter);
	wire_put_u32(b, (uint32_t)bl->nrows);
	wire_put_u32(b, (uint32_t)bl->ncols);
	wire_put_u32(b, (uint32_t)bl->id_col);
	wire_put_u32(b, (uint32_t)bl->name_col);
	for (size_t c = 0; c < bl->ncols; c++) {
		wire_put_str(b, bl->header[c]);
		wire_put_u32(b, bl->type[c]);
	}
	for (size_t i = 0; i < ncells; i++) {
		if (bl->text[i] == NULL) {
			wire_put_u32(b, 0);
			continue;
		}
		wire_put_u32(b, (uint32_t)arena.len + 1);
		buf_add(&arena, bl->text[i], strlen(bl->text[i]) + 1);
	}
	for (size_t i = 0; i < ncells; i++)
		wire_put_f64(b, bl->num[i]);
	wire_put_u32(b, (uint32_t)arena.len);
	buf_add(b, arena.data, arena.len);
	buf_free(&arena);
}

struct baseline *
wire_get_baseline(struct wire_reader *r)
{
	struct baseline	 bl;
	size_t		 ncells, alen;
	char		*arena;
	uint32_t	*off;

	memset(&bl, 0, sizeof bl);
	bl.path = wire_get_str(r);
	bl.delimiter = (char)wire_get_u32(r);
	bl.nrows = wire_get_u32(r);
	bl.ncols = wire_get_count(r, 8);
	bl.id_col = wire_get_u32(r);
	bl.name_col = wire_get_u32(r);
	if (r->bad || bl.ncols == 0 || bl.id_col >= bl.ncols ||
	    bl.name_col >= bl.ncols || bl.nrows > r->len / 12 / bl.ncols) {
		free(bl.path);
		return NULL;
	}
	ncells = bl.nrows * bl.ncols;
	bl.header = xcalloc(bl.ncols, sizeof *bl.header);
	bl.type = xcalloc(bl.ncols, sizeof *bl.type);
	for (size_t c = 0; c < bl.ncols; c++) {
		bl.header[c] = wire_get_str(r);
		bl.type[c] = wire_get_u32(r) == COL_NUMBER ? COL_NUMBER :
		    COL_TEXT;
		if (bl.header[c] == NULL)
			r->bad = true;
	}
	off = xcalloc(ncells + 1, sizeof *off);
	bl.num = xcalloc(ncells + 1, sizeof *bl.num);
	bl.text = xcalloc(ncells + 1, sizeof *bl.text);
	bl.line = xcalloc(bl.nrows + 1, sizeof *bl.line);
	for (size_t i = 0; i < ncells; i++)
		off[i] = wire_get_u32(r);
	for (size_t i = 0; i < ncells; i++)
		bl.num[i] = wire_get_f64(r);
	alen = wire_get_u32(r);
	if (r->bad || alen != r->len || (alen > 0 && r->p[alen - 1] != '\0'))
		r->bad = true;
	arena = xmalloc(alen + 1);
	if (!r->bad)
		memcpy(arena, r->p, alen);
	for (size_t i = 0; i < ncells && !r->bad; i++) {
		if (off[i] > alen)
			r->bad = true;
		else
			bl.text[i] = off[i] == 0 ? NULL : arena + off[i] - 1;
	}
	free(off);
	if (!r->bad) {
		r->p += alen;
		r->len -= alen;
	}
	return baseline_assemble(&bl, arena, r->bad);
}

void
wire_put_results(struct buf *b, const struct results *res)
{
	size_t	n = res->nareas * res->nyears * res->noutputs;

	wire_put_u32(b, (uint32_t)res->nareas);
	wire_put_u32(b, (uint32_t)res->nyears);
	wire_put_u32(b, (uint32_t)res->noutputs);
	buf_add(b, res->v, n * sizeof *res->v);
}

struct results *
wire_get_results(struct wire_reader *r, size_t nareas, size_t nyears,
    size_t noutputs)
{
	struct results	*res;

	if (wire_get_u32(r) != nareas || wire_get_u32(r) != nyears ||
	    wire_get_u32(r) != noutputs || r->bad ||
	    r->len / sizeof(double) / (nyears ? nyears : 1) /
	    (noutputs ? noutputs : 1) < nareas) {
		r->bad = true;
		return NULL;
	}
	res = results_new(nareas, nyears, noutputs);
	wire_get(r, res->v, nareas * nyears * noutputs * sizeof *res->v);
	return res;
}

void
wire_put_settings_sized(struct buf *b, const struct scenario *sc,
    const struct settings *st)
{
	struct buf	inner = { 0 };

	wire_put_settings(&inner, sc, st);
	wire_put_u32(b, (uint32_t)inner.len);
	buf_add(b, inner.data, inner.len);
	buf_free(&inner);
}

struct settings *
wire_get_settings_sized(struct wire_reader *r, const struct scenario *sc)
{
	struct wire_reader	inner;
	uint32_t		n = wire_get_u32(r);

	if (r->bad || n > r->len)
		return NULL;
	inner = (struct wire_reader){ r->p, n, false };
	r->p += n;
	r->len -= n;
	return wire_get_settings(&inner, sc);
}
