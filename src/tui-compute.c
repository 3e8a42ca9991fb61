/*
 * tui-compute: the screen's recomputes. Each slot (the current settings,
 * the reference, each compared option) heads for the settings it wants on
 * the warm worker pool, at most MAX_JOBS at once; a young superseded
 * recompute runs on, an old one is cancelled. An edited script or baseline
 * is described again in a worker and swapped in when it loads.
 *
 * At authority scale the last few results are kept by their settings, and
 * while the room looks at one result the steps either side of what the
 * cursor is on are computed ahead on a spare warm worker (the way the last
 * move went first): a move on, a move back, or settings seen a moment ago
 * show at once.
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "attrib.h"
#include "baseline.h"
#include "batch.h"
#include "cli.h"
#include "kept.h"
#include "results.h"
#include "sample.h"
#include "scenario.h"
#include "seat.h"
#include "tui-int.h"

/* Recomputing */

static bool
young(const struct slot *s)
{
	return monotonic() - s->started < fmax(YOUNG_MIN, 2 * s->took);
}

static const struct settings *
slot_want(struct tui *t, size_t k, struct settings **tmp)
{
	struct session	*ss = t->ss;
	long		 i;

	*tmp = NULL;
	if (k == SLOT_CUR)
		return ss->cur;
	if (k == SLOT_REF) {
		i = ss->reference != NULL ? session_option(ss, ss->reference) :
		    -1;
		return i >= 0 ? ss->opts[i].st : (*tmp = settings_new(t->sc));
	}
	/* A compared option that is the reference is computed once. */
	if (k - SLOT_CMP >= ss->ncompare || (ss->reference != NULL &&
	    strcmp(ss->compare[k - SLOT_CMP], ss->reference) == 0))
		return NULL;
	i = session_option(ss, ss->compare[k - SLOT_CMP]);
	return i >= 0 ? ss->opts[i].st : NULL;
}

void
tui_slot_reset(struct slot *s, bool keep_results)
{
	job_cancel(s->job);
	s->job = NULL;
	settings_free(s->running);
	settings_free(s->have);
	s->running = s->have = NULL;
	if (!keep_results) {
		results_free(s->res);
		s->res = NULL;
	}
}

/* Move the recompute of slot FROM to slot TO, which has none. */
static void
slot_move_job(struct slot *from, struct slot *to)
{
	to->job = from->job;
	to->running = from->running;
	to->started = from->started;
	from->job = NULL;
	from->running = NULL;
}

/*
 * The current settings' results are kept, or being computed ahead: take
 * them rather than recompute. A recompute of other settings still running
 * for the current slot goes on ahead (its results will be kept), or, if
 * something runs there already, is cancelled.
 */
static void
take_ahead(struct tui *t)
{
	struct slot		*cur = &t->slot[SLOT_CUR];
	struct slot		*a = &t->slot[SLOT_AHEAD];
	const struct settings	*want = t->ss->cur;
	const struct results	*res;

	if ((cur->have != NULL && settings_equal(t->sc, cur->have, want)) ||
	    (cur->job != NULL && settings_equal(t->sc, cur->running, want)))
		return;
	if ((res = kept_find(t->kept, want)) != NULL) {
		if (cur->job != NULL && a->job == NULL)
			slot_move_job(cur, a);
		else if (cur->job != NULL)
			tui_slot_reset(cur, true);
		settings_free(cur->have);
		cur->have = settings_copy(t->sc, want);
		results_free(cur->res);
		cur->res = results_copy(res);
		diag_clear(&t->errors);
		t->res_gen++;
	} else if (cur->job == NULL && a->job != NULL &&
	    settings_equal(t->sc, a->running, want))
		slot_move_job(a, cur);
}

/*
 * Compute ahead a step either side of what the cursor is on, the way the
 * last move went first, when the current settings have their results, the
 * step is not kept already, and a warm worker stays free for the next key.
 */
void
tui_schedule_ahead(struct tui *t)
{
	struct slot	*a = &t->slot[SLOT_AHEAD];
	struct settings	*next = NULL;
	struct diag	 d = { 0 };

	if (t->join != NULL || a->job != NULL || kept_room(t->kept) == 0 ||
	    t->slot[SLOT_CUR].job != NULL || t->slot[SLOT_CUR].res == NULL ||
	    pool_idle(t->pool) < 2 || (t->ahead_hold != NULL &&
	    settings_equal(t->sc, t->ahead_hold, t->ss->cur)))
		return;
	for (int i = 0; i < 2 && next == NULL; i++) {
		char	*cause = NULL;

		next = tui_stepped(t, t->ss->cur, i == 0 ? t->ahead_dir :
		    -t->ahead_dir, false, &cause);
		free(cause);
		if (next != NULL && (settings_equal(t->sc, next, t->ss->cur) ||
		    kept_find(t->kept, next) != NULL)) {
			settings_free(next);
			next = NULL;
		}
	}
	if (next == NULL)
		return;
	if ((a->job = pool_start(t->pool, next, &d)) != NULL) {
		a->started = monotonic();
		settings_free(a->running);
		a->running = next;
	} else
		settings_free(next);
	diag_clear(&d);		/* the step says it if it is taken */
}

void
tui_ahead_hold(struct tui *t, const struct settings *at)
{
	settings_free(t->ahead_hold);
	t->ahead_hold = at != NULL ? settings_copy(t->sc, at) : NULL;
}

/* Start, keep or cancel recomputes so each slot heads for what it wants. */
void
tui_schedule(struct tui *t)
{
	size_t	running = 0;

	if (t->join != NULL) {
		join_schedule(t);
		return;
	}
	take_ahead(t);
	for (size_t k = 0; k < SLOT_AHEAD; k++) {
		struct slot		*s = &t->slot[k];
		struct settings		*tmp;
		const struct settings	*want = slot_want(t, k, &tmp);

		if (want == NULL)
			tui_slot_reset(s, false);
		else if (s->job != NULL && !settings_equal(t->sc, s->running,
		    want) && !young(s)) {
			job_cancel(s->job);	/* superseded */
			s->job = NULL;
			settings_free(s->running);
			s->running = NULL;
		}
		if (s->job != NULL)
			running++;
		settings_free(tmp);
	}
	for (size_t k = 0; k < SLOT_AHEAD && running < MAX_JOBS; k++) {
		struct slot		*s = &t->slot[k];
		struct settings		*tmp;
		const struct settings	*want = slot_want(t, k, &tmp);
		struct diag		 d = { 0 };

		if (want == NULL || s->job != NULL || (s->have != NULL &&
		    settings_equal(t->sc, s->have, want))) {
			settings_free(tmp);
			continue;
		}
		s->job = pool_start(t->pool, want, &d);
		s->started = monotonic();
		if (s->job == NULL) {
			diag_clear(&t->errors);
			t->errors = d;
			t->v.hide_errors = false;
			settings_free(s->have);
			s->have = settings_copy(t->sc, want);
		} else {
			s->running = settings_copy(t->sc, want);
			running++;
		}
		settings_free(tmp);
	}
}

/* A worker has finished (or run out of time): take its results. */
void
tui_finish(struct tui *t, struct slot *s, size_t k)
{
	struct diag	 d = { 0 };
	struct results	*res = NULL;

	settings_free(s->have);
	s->have = s->running;
	s->running = NULL;
	if (job_finish(s->job, NULL, &res, &d) == 0) {
		kept_put(t->kept, s->have, res);
		if (k == SLOT_AHEAD) {	/* kept for when it is asked for */
			results_free(res);
			res = NULL;
		}
		results_free(s->res);
		s->res = res;
		s->took = monotonic() - s->started;
		if (k == SLOT_CUR) {
			diag_clear(&t->errors);
			t->res_gen++;
		}
	} else if (k == SLOT_AHEAD) {
		diag_clear(&d);		/* the step says it if it is taken */
		tui_ahead_hold(t, t->ss->cur);	/* not again and again */
	} else {
		diag_clear(&t->errors);
		t->errors = d;
		t->v.hide_errors = false;
	}
	s->job = NULL;
}

bool
tui_computing(const struct tui *t)
{
	for (size_t k = 0; k < SLOT_AHEAD; k++)
		if (t->slot[k].job != NULL)
			return true;
	return false;
}

/* Reloading the scenario when it changes on disk */

/*
 * The script changed on disk: describe it again in a worker, without
 * blocking the keys (its top level may loop until a limit stops it).
 */
static void
reload(struct tui *t)
{
	struct diag	d = { 0 };

	job_cancel(t->reload_job);
	t->reload_job = job_start(JOB_DESCRIBE, t->script, NULL, NULL, NULL,
	    &t->lim, &d);
	if (t->reload_job == NULL) {
		diag_clear(&t->errors);
		t->errors = d;
		t->v.hide_errors = false;
	}
}

/* The new description is in: read its baseline and switch to it. */
void
tui_reload_finish(struct tui *t)
{
	struct scenario	*sc = NULL;
	struct baseline	*bl = NULL;
	struct diag	 d = { 0 };
	int		 rc;

	rc = job_finish(t->reload_job, &sc, NULL, &d);
	t->reload_job = NULL;
	if (rc == -1 || cli_load_baseline(sc, t->baseline, 0, &bl, &d) == -1) {
		scenario_free(sc);
		diag_clear(&t->errors);
		t->errors = d;
		t->v.hide_errors = false;
		tui_say(t, "the scenario changed on disk and has a problem; "
		    "showing the last good results");
		return;
	}
	diag_clear(&t->errors);
	seat_reload(t, sc);
	session_rebind(t->ss, sc);
	for (size_t k = 0; k < NSLOTS; k++)
		tui_slot_reset(&t->slot[k], true);
	kept_free(t->kept);
	tui_ahead_hold(t, NULL);
	pool_free(t->pool);
	scenario_free(t->sc);
	baseline_free(t->bl);
	t->sc = sc;
	t->bl = bl;
	t->pool = tui_pool_new(t, sc, bl);
	t->kept = kept_new(sc, bl->nrows);
	view_bind(&t->v, sc, bl);
	file_stamp(t->bl->path, &t->base_stamp);
	tui_stamp_modules(t);
	t->dirty = true;
	tui_say(t, "reloaded %s", t->script);
	tui_schedule(t);
}

void
tui_stamp_modules(struct tui *t)
{
	free(t->mod_stamp);
	t->mod_stamp = xcalloc(t->sc->nmodules + 1, sizeof *t->mod_stamp);
	for (size_t i = 0; i < t->sc->nmodules; i++)
		file_stamp(t->sc->modules[i], &t->mod_stamp[i]);
}

/* The script, its baseline or a module it required changed: reload. */
void
tui_check_files(struct tui *t)
{
	struct file_stamp	a, b;
	bool			modules = false;

	for (size_t i = 0; i < t->sc->nmodules; i++) {
		file_stamp(t->sc->modules[i], &a);
		if (!file_stamp_same(&a, &t->mod_stamp[i])) {
			t->mod_stamp[i] = a;
			modules = true;
		}
	}
	file_stamp(t->script, &a);
	file_stamp(t->bl->path, &b);
	if (!modules && file_stamp_same(&a, &t->script_stamp) &&
	    file_stamp_same(&b, &t->base_stamp))
		return;
	t->script_stamp = a;
	t->base_stamp = b;
	/* what was kept, or is being computed ahead, is of the old files */
	kept_clear(t->kept);
	tui_slot_reset(&t->slot[SLOT_AHEAD], false);
	tui_ahead_hold(t, NULL);
	reload(t);
}

/* Bands, attribution and the tornado */

static void
fan_cancel(struct fan *f)
{
	batch_free(f->batch);	/* before what it fills */
	sample_store_free(f->store);
	settings_free(f->of);
	*f = (struct fan){ 0 };
}

static void
attr_cancel(struct tui *t)
{
	batch_free(t->attr_batch);
	t->attr_batch = NULL;
	attrib_free(t->attr);
	t->attr = NULL;
}

static void
sens_cancel(struct tui *t)
{
	batch_free(t->sens_batch);
	t->sens_batch = NULL;
	attrib_sensitivity_free(t->sens);
	t->sens = NULL;
}

void
tui_extras_free(struct tui *t)
{
	for (size_t i = 0; i < NFANS; i++)
		fan_cancel(&t->fan[i]);
	attr_cancel(t);
	sens_cancel(t);
}

/* The settings the reference stands for (defaults when none computed). */
static struct settings *
reference_settings(struct tui *t)
{
	const struct slot	*s = &t->slot[SLOT_REF];

	return s->have != NULL ? settings_copy(t->sc, s->have) :
	    settings_new(t->sc);
}

/* Band F follows the settings ST and the output OUT: a new store when
 * either moves (its run starts when fan_run says). */
static void
fan_follow(struct tui *t, struct fan *f, const struct settings *st,
    size_t out)
{
	if (f->store != NULL && f->output == out &&
	    settings_equal(t->sc, f->of, st))
		return;
	fan_cancel(f);
	f->store = sample_store_new(t->sc, t->bl, TUI_SAMPLES, (long)out);
	f->of = settings_copy(t->sc, st);
	f->output = out;
}

size_t
tui_extras_running(const struct baseline *bl, const struct scenario *sc)
{
	return bl->nrows * (size_t)sc->years <= EXTRAS_SMALL ? 2 : 1;
}

struct pool *
tui_pool_new(const struct tui *t, const struct scenario *sc,
    const struct baseline *bl)
{
	return pool_new(sc, bl, &t->lim, MAX_JOBS +
	    tui_extras_running(bl, sc) - 1);
}

static void
fan_run(struct tui *t, struct fan *f)
{
	/* the same seed every time: the same worlds for every option, so
	 * the current settings and the reference differ by their levers */
	f->batch = sample_start(t->pool, t->sc, f->of, 1, TUI_SAMPLES,
	    tui_extras_running(t->bl, t->sc), f->store);
	f->started = true;
}

/*
 * The samples follow the current settings, the reference and the
 * selected output: when one moves, its old samples go and new ones start,
 * the current settings' first, one worker's worth at a time so that the
 * screen's own recomputes keep a warm worker.
 */
void
tui_extras_schedule(struct tui *t)
{
	struct view_model	 m;
	struct settings		*tmp;
	size_t			 out;

	tui_model(t, &m);
	out = view_output(&m);
	if (!t->bands || sample_uncertain(t->sc) == 0) {
		for (size_t i = 0; i < NFANS; i++)
			fan_cancel(&t->fan[i]);
	} else {
		fan_follow(t, &t->fan[FAN_CUR], t->ss->cur, out);
		fan_follow(t, &t->fan[FAN_REF], slot_want(t, SLOT_REF, &tmp),
		    out);
		settings_free(tmp);
		if (!t->fan[FAN_CUR].started)
			fan_run(t, &t->fan[FAN_CUR]);
		else if (t->fan[FAN_CUR].batch == NULL &&
		    !t->fan[FAN_REF].started)
			fan_run(t, &t->fan[FAN_REF]);
	}
	/* an attribution or a tornado is of the settings it was asked for:
	 * a change makes it stale, so it goes (a or t asks again) */
	if (t->attr != NULL && t->v.overlay != OVERLAY_ATTRIB)
		attr_cancel(t);
	if (t->sens != NULL && t->v.overlay != OVERLAY_TORNADO)
		sens_cancel(t);
}

void
tui_attr_start(struct tui *t)
{
	struct settings	*ref = reference_settings(t);

	attr_cancel(t);
	t->attr = attrib_new(t->sc, t->bl, ref, t->ss->cur, 1, 0);
	settings_free(ref);
	if (attrib_nchanged(t->attr) == 0)
		return;		/* nothing differs: nothing to run */
	t->attr_batch = attrib_start(t->pool, t->attr, 1);
}

void
tui_sens_start(struct tui *t)
{
	sens_cancel(t);
	t->sens = attrib_sensitivity_new(t->sc, t->bl, t->ss->cur);
	if (attrib_sensitivity_count(t->sens) > 0)
		t->sens_batch = attrib_sensitivity_start(t->pool, t->sens, 1);
}

/* The background batches, in one order for polling and stepping. */
enum { EXTRA_FAN_CUR, EXTRA_FAN_REF, EXTRA_ATTR, EXTRA_SENS, NEXTRAS };

static struct batch **
extra_batch(struct tui *t, size_t i)
{
	switch (i) {
	case EXTRA_FAN_CUR:
		return &t->fan[FAN_CUR].batch;
	case EXTRA_FAN_REF:
		return &t->fan[FAN_REF].batch;
	case EXTRA_ATTR:
		return &t->attr_batch;
	default:
		return &t->sens_batch;
	}
}

size_t
tui_extras_fds(struct tui *t, int *fds, size_t max, double *timeout)
{
	size_t	n = 0;

	for (size_t i = 0; i < NEXTRAS; i++) {
		struct batch	*b = *extra_batch(t, i);
		int		 ms;

		if (b == NULL)
			continue;
		n += batch_fds(b, fds + n, max - n, &ms);
		if (ms >= 0 && ms / 1000.0 < *timeout)
			*timeout = ms / 1000.0;
	}
	return n;
}

/* Take what has arrived; a batch that ends (or fails) is let go, and a
 * failure says why and drops what the batch was filling. */
void
tui_extras_step(struct tui *t)
{
	static const char *const what[NEXTRAS] = { "bands", "bands",
	    "which lever did it", "which assumption matters" };

	for (size_t i = 0; i < NEXTRAS; i++) {
		struct batch	**b = extra_batch(t, i);
		struct diag	  d = { 0 };
		int		  rc;

		if (*b == NULL || (rc = batch_step(*b, &d)) == 0) {
			diag_clear(&d);
			continue;
		}
		batch_free(*b);
		*b = NULL;
		if (rc == -1) {
			tui_say(t, "%s: %s", what[i], d.n > 0 ? d.msgs[0] :
			    "a run failed");
			if (i == EXTRA_ATTR)
				attr_cancel(t);
			else if (i == EXTRA_SENS)
				sens_cancel(t);
			else {
				for (size_t f = 0; f < NFANS; f++)
					fan_cancel(&t->fan[f]);
				t->bands = false;
			}
		}
		diag_clear(&d);
	}
}
