/*
 * report_session, as the screen calls it: a session made in memory (two
 * options, one compared, the other the reference) written as HTML and as
 * Markdown with its charts; a path that cannot be written gives -1 and a
 * cause naming it, and leaves nothing behind.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "baseline.h"
#include "cli.h"
#include "job.h"
#include "report.h"
#include "scenario.h"
#include "session.h"
#include "util.h"

#include "check.h"

static char *
slurp(const char *path)
{
	struct buf	 b = { 0 };
	char		 chunk[8192];
	size_t		 n;
	FILE		*f = fopen(path, "r");

	if (f == NULL)
		return NULL;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_add(&b, chunk, n);
	fclose(f);
	buf_addc(&b, '\0');
	return b.data;
}

static void
set(struct session *ss, const char *assignment)
{
	struct settings	*st = settings_copy(ss->sc, ss->cur);
	char		*cause = NULL;

	if (settings_set(ss->sc, st, assignment, &cause) == -1) {
		fprintf(stderr, "%s: %s\n", assignment, cause);
		exit(1);
	}
	session_commit(ss, st);
}

int
main(void)
{
	const char	*top = getenv("top_srcdir");
	char		*script, dir[] = "/tmp/lever-test-report.XXXXXX", *path;
	char		*cause = NULL, *html;
	struct diag	 diag = { 0 };
	struct scenario	*sc;
	struct baseline	*bl;
	struct session	*ss;

	script = xasprintf("%s/scenarios/business_rates.lua", top ? top : ".");
	if (cli_load(script, NULL, 0, &limits_default, &sc, &bl, &diag) == -1) {
		diag_print(&diag, stderr);
		return 1;
	}
	if (mkdtemp(dir) == NULL)
		return 1;
	ss = session_new(sc, script, dir);
	set(ss, "levy_cap=0");
	session_option_save(ss, "Option A");
	set(ss, "local_share=0.75");
	session_option_save(ss, "Option <B>");
	CHECK(session_compare_toggle(ss, 1));
	session_set_reference(ss, "Option A");

	path = xasprintf("%s/minutes.html", dir);
	CHECK(report_session(path, REPORT_HTML, sc, bl, ss, &limits_default,
	    &cause) == 0);
	CHECK(cause == NULL);
	html = slurp(path);
	CHECK(html != NULL);
	if (html != NULL) {
		CHECK(strstr(html, "<th scope=\"col\">Option A (reference)</th>"
		    "<th scope=\"col\">Option &lt;B&gt;</th></tr>") != NULL);
		CHECK(strstr(html, "<th scope=\"row\">Local share</th><td>50%"
		    "</td><td class=\"changed\"><strong>75%</strong></td>") !=
		    NULL);
		CHECK(strstr(html, "<svg") != NULL);
		CHECK(strstr(html, "<script") == NULL);
	}
	free(html);
	unlink(path);
	free(path);

	path = xasprintf("%s/minutes.md", dir);
	CHECK(report_session(path, REPORT_MARKDOWN, sc, bl, ss,
	    &limits_default, &cause) == 0);
	free(path);
	path = xasprintf("%s/minutes-retained.svg", dir);
	html = slurp(path);
	CHECK(html != NULL && strstr(html, "<svg xmlns=") != NULL);
	free(html);
	free(path);
	path = xasprintf("rm -rf '%s'/minutes*", dir);
	CHECK(system(path) == 0);
	free(path);

	path = xasprintf("%s/no/such/folder/m.html", dir);
	CHECK(report_session(path, REPORT_HTML, sc, bl, ss, &limits_default,
	    &cause) == -1);
	CHECK(cause != NULL && strncmp(cause, path, strlen(path)) == 0);
	free(cause);
	free(path);

	/* the file the screen saves, read back by lever report --session */
	CHECK(session_save(ss, &cause) == 0);
	free(cause);
	cause = NULL;
	path = xasprintf("%s/saved.html", dir);
	{
		char	 a0[] = "report", a2[] = "--session", a4[] = "--date",
			 a5[] = "2026-01-02", a6[] = "-o";
		char	*argv[] = { a0, script, a2, ss->path, a4, a5, a6,
			    path, NULL };

		CHECK(report_main(8, argv) == 0);
	}
	html = slurp(path);
	CHECK(html != NULL && strstr(html, "<th scope=\"col\">Option A "
	    "(reference)</th><th scope=\"col\">Option &lt;B&gt;</th></tr>")
	    != NULL);
	free(html);
	unlink(path);
	free(path);
	path = xasprintf("rm -rf '%s'/*", dir);
	CHECK(system(path) == 0);
	free(path);

	session_free(ss);
	CHECK(rmdir(dir) == 0);
	baseline_free(bl);
	scenario_free(sc);
	free(script);
	return failures == 0 ? 0 : 1;
}
