/*
 * SIGKILL during a session save, again and again: a child saves a growing
 * session in a tight loop and is killed at a random moment; after every
 * kill the session file must load whole (never set aside as damaged), and
 * hold one of the states the child saved.
 */
#include "config.h"

#include <sys/types.h>
#include <sys/wait.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "baseline.h"
#include "cli.h"
#include "job.h"
#include "scenario.h"
#include "session.h"
#include "util.h"

#define ROUNDS	40

int
main(void)
{
	struct scenario	*sc;
	struct baseline	*bl;
	struct diag	 d = { 0 };
	char		 tmpl[] = "/tmp/lever-test-faults.XXXXXX", *dir, *script;
	const char	*srcdir = getenv("top_srcdir");
	int		 failures = 0, loaded = 0;

	if (mkdtemp(tmpl) == NULL)
		return 99;
	dir = xasprintf("%s/state", tmpl);
	script = xasprintf("%s/tests/data/tui/test.lua", srcdir ? srcdir : ".");
	if (cli_load(script, NULL, 0, &limits_default, &sc, &bl, &d) == -1) {
		diag_print(&d, stderr);
		return 99;
	}
	srand((unsigned)time(NULL));
	for (int round = 0; round < ROUNDS; round++) {
		struct session	*ss;
		char		*cause = NULL;
		pid_t		 pid;
		int		 rc;

		if ((pid = fork()) == -1)
			return 99;
		if (pid == 0) {
			/* save forever, each time a different lever value */
			ss = session_new(sc, script, dir);
			session_load(ss, &cause);
			for (unsigned n = 0;; n++) {
				struct settings	*next = settings_copy(sc,
				    ss->cur);

				next->levers[0].num = (double)(n % 11) * 10;
				session_commit(ss, next);
				if (session_save(ss, &cause) == -1)
					_exit(2);
			}
		}
		usleep((useconds_t)(1000 + rand() % 20000));
		kill(pid, SIGKILL);
		waitpid(pid, &rc, 0);
		if (!WIFSIGNALED(rc)) {
			fprintf(stderr, "round %d: the saver ended by itself "
			    "(%d)\n", round, rc);
			failures++;
			continue;
		}
		ss = session_new(sc, script, dir);
		rc = session_load(ss, &cause);
		if (rc == -1) {
			fprintf(stderr, "round %d: %s\n", round, cause);
			failures++;
		} else if (rc == 1) {
			double	v = ss->cur->levers[0].num;

			loaded++;
			if (v < 0 || v > 100 || v != (double)(int)(v / 10) * 10) {
				fprintf(stderr, "round %d: loaded value %g was "
				    "never saved\n", round, v);
				failures++;
			}
		}
		free(cause);
		session_free(ss);
	}
	if (loaded < ROUNDS / 2) {
		fprintf(stderr, "only %d of %d rounds had a session to load\n",
		    loaded, ROUNDS);
		failures++;
	}
	{
		char	*cmd = xasprintf("rm -rf '%s'", tmpl);

		if (system(cmd) != 0)
			failures++;
		free(cmd);
	}
	scenario_free(sc);
	baseline_free(bl);
	free(script);
	free(dir);
	if (failures > 0)
		return 1;
	printf("%d kills during saves, the session loaded whole every time\n",
	    ROUNDS);
	return 0;
}
