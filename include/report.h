/*
 * report: the minutes of a workshop as one file. The options compared
 * (each a name, its settings and its results) against a reference: what
 * each option changes, every output's yearly total charted (SVG, the
 * options overlaid), the areas that gain and lose most, the assumptions
 * with their sources, and the SHA-256 of the scenario and baseline so the
 * numbers can be reproduced with `lever run`.
 *
 * HTML is one self-contained page (inline SVG and CSS, no scripts, no
 * network; prints on A4). Markdown is for pasting into minutes, with each
 * chart in an SVG file beside it. Every string from a script, a baseline or
 * a session is escaped. The report computes nothing: results come in.
 */
#ifndef LEVER_REPORT_H
#define LEVER_REPORT_H

#include <stddef.h>
#include <stdio.h>

struct baseline;
struct limits;
struct results;
struct sample_store;
struct scenario;
struct session;
struct settings;

enum report_format {
	REPORT_HTML,
	REPORT_MARKDOWN
};

struct report_option {
	const char		*name;
	const struct settings	*st;
	const struct results	*res;
};

struct report {
	enum report_format		 format;
	const struct scenario		*sc;
	const struct baseline		*bl;
	const struct report_option	*opts;	/* opts[0]: the reference */
	size_t				 nopts;	/* 1 or more */
	const char			*date;	/* NULL: today, UTC (or
						   SOURCE_DATE_EPOCH's day) */
	/* Fan bands: each option's samples (sample.h, totals at least), or
	 * NULL for no bands; NSAMPLES of them. */
	const struct sample_store *const *samples;
	size_t				 nsamples;
};

/*
 * Write the report to PATH, whole or not at all (a temporary file renamed
 * into place). Markdown also writes one SVG per output that has a total,
 * PATH without its extension + "-OUTPUT.svg". On failure return -1 with
 * *CAUSE saying what went wrong, starting with the file's name.
 */
int	 report_write(const char *path, const struct report *, char **cause);
/* The same to F (HTML only: Markdown needs a path for its charts). */
int	 report_write_stream(FILE *, const struct report *, char **cause);

/*
 * For the screen: a report of session SS as the command line makes it
 * (report_main: the session's compared options, else all its options,
 * else the current settings, against its reference or the defaults), each
 * option computed on a one-off worker and then written by report_write.
 * Blocks while the options are computed (a fraction of a second each at
 * authority scale). -1 with *CAUSE on failure.
 */
int	 report_session(const char *path, enum report_format,
	    const struct scenario *, const struct baseline *,
	    const struct session *ss, const struct limits *, char **cause);

/* `lever report`: argv[0] is "report". Returns an exit status. */
int	 report_main(int argc, char **argv);

#endif
