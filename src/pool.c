/*
 * pool: warm workers for one loaded scenario (job.h). Each member is a crew
 * forked once (job.c) that serves one recompute after another (worker.c).
 * The pool writes the settings of a recompute into a page it shares with
 * the crew and rings each worker once on its socket, so it never waits on
 * a worker; the results come back through the member's shared mapping.
 */
#include "config.h"

#include <sys/mman.h>
#include <sys/socket.h>

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "baseline.h"
#include "job.h"
#include "job-int.h"
#include "scenario.h"
#include "util.h"
#include "wire.h"

struct pool *
pool_new(const struct scenario *sc, const struct baseline *bl,
    const struct limits *lim, size_t members)
{
	struct pool	*p = xcalloc(1, sizeof *p);

	p->sc = sc;
	p->bl = bl;
	p->lim = *lim;
	p->nworkers = job_workers(lim, bl->nrows, sc->has_settle);
	p->maplen = bl->nrows * (size_t)sc->years * sc->noutputs *
	    sizeof(double);
	{
		/* settings take the same room whatever their values */
		struct settings	*st = settings_new(sc);
		struct buf	 b = { 0 };

		wire_put_settings_sized(&b, sc, st);
		p->setlen = b.len;
		buf_free(&b);
		settings_free(st);
	}
	p->nmembers = members > 0 ? members : 1;
	p->m = xcalloc(p->nmembers, sizeof *p->m);
	for (size_t i = 0; i < p->nmembers; i++)
		p->m[i].fd = -1;
	return p;
}

/*
 * Ring the warm crew of M (its settings are in place), starting it if it is
 * not running. One byte into an idle socket never blocks; without SIGPIPE,
 * a worker gone is EPIPE.
 */
static int
member_request(struct pool *p, struct member *m)
{
	char	bell = POOL_REQUEST;

	if (m->nworkers == 0 && job_member_spawn(m, p->nworkers, JOB_PROJECT,
	    true, p->sc->path, p->sc, p->bl, NULL, &p->lim) == -1)
		return -1;
	for (size_t k = 0; k < m->nworkers; k++) {
		ssize_t	n;

		while ((n = send(m->req[k], &bell, 1, MSG_NOSIGNAL |
		    MSG_DONTWAIT)) == -1 && errno == EINTR)
			;
		if (n != 1) {
			job_member_stop(m, NULL, NULL);
			errno = EPIPE;
			return -1;
		}
	}
	return 0;
}

struct job *
pool_start(struct pool *p, const struct settings *st, struct diag *diag)
{
	const struct scenario	*sc = p->sc;
	struct member		*m = NULL;
	struct buf		 set = { 0 };
	struct job		*j;
	int			 rc;

	for (size_t i = 0; i < p->nmembers && m == NULL; i++)
		if (!p->m[i].busy && p->m[i].nworkers > 0)
			m = &p->m[i];
	for (size_t i = 0; i < p->nmembers && m == NULL; i++)
		if (!p->m[i].busy)
			m = &p->m[i];
	if (m == NULL)		/* all busy: a one-off worker */
		return job_start(JOB_PROJECT, sc->path, sc, p->bl, st, &p->lim,
		    diag);
	if (!job_results_fit(sc->path, sc, p->bl, &p->lim, diag))
		return NULL;
	if ((m->map == NULL && (m->map = job_map_shared(p->maplen)) == NULL) ||
	    (m->set == NULL && (m->set = job_map_shared(m->setlen =
	    p->setlen)) == NULL)) {
		diag_add(diag, "%s: cannot map memory for the results: %s",
		    sc->path, strerror(errno));
		diag->system = true;
		return NULL;
	}
	wire_put_settings_sized(&set, sc, st);
	if (set.len != p->setlen)
		fatal("pool_start: settings of the wrong size");
	memcpy(m->set, set.data, set.len);
	buf_free(&set);
	/* a worker that died while idle is replaced once */
	if ((rc = member_request(p, m)) == -1 && errno == EPIPE)
		rc = member_request(p, m);
	if (rc == -1) {
		diag_add(diag, "%s: cannot start a worker: %s", sc->path,
		    strerror(errno));
		diag->system = true;
		return NULL;
	}
	j = job_new(JOB_PROJECT, sc->path, sc, p->bl, &p->lim);
	j->pool = p;
	j->m = m;
	j->fd = m->fd;
	j->deadline = monotonic() + p->lim.seconds;
	m->busy = true;
	return j;
}

size_t
pool_idle(const struct pool *p)
{
	size_t	n = 0;

	for (size_t i = 0; i < p->nmembers; i++)
		n += !p->m[i].busy;
	return n;
}

void
pool_free(struct pool *p)
{
	if (p == NULL)
		return;
	for (size_t i = 0; i < p->nmembers; i++) {
		job_member_stop(&p->m[i], NULL, NULL);
		if (p->m[i].map != NULL)
			munmap(p->m[i].map, p->maplen > 0 ? p->maplen : 1);
		if (p->m[i].set != NULL)
			munmap(p->m[i].set, p->setlen);
	}
	free(p->m);
	free(p);
}
