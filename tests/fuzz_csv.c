/*
 * fuzz_csv: libFuzzer harness for the CSV baseline loader. Each input is
 * written to a temporary file (the loader reads paths, not buffers), loaded
 * with the default options and with a given delimiter, and freed.
 *
 * clang -g -fsanitize=fuzzer,address,undefined -Iinclude src/util.c \
 *     src/baseline.c tests/fuzz_csv.c -lcsv -lm
 */
#include "config.h"

#define _POSIX_C_SOURCE 200809L

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "baseline.h"
#include "util.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
fuzz_load(const char *path, const struct baseline_opts *opts)
{
	struct diag	 d = { 0 };
	struct baseline	*b;
	size_t		 r, c;

	b = baseline_load(path, opts, &d);
	if (b == NULL && d.n == 0)
		abort();	/* refused without saying why */
	if (b != NULL) {
		if (d.n != 0)
			abort();	/* loaded but complained */
		for (r = 0; r < b->nrows; r++) {
			for (c = 0; c < b->ncols; c++) {
				if (baseline_text(b, r, c) != NULL)
					(void)strlen(baseline_text(b, r, c));
				(void)baseline_num(b, r, c);
			}
		}
		(void)baseline_column(b, "id");
	}
	baseline_free(b);
	diag_clear(&d);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct baseline_opts	 semi = { ';', NULL, NULL };
	const char				*tmp = getenv("TMPDIR");
	char					*path;
	FILE					*f;
	int					 fd;

	path = xasprintf("%s/fuzz_csv.XXXXXX", tmp != NULL && *tmp != '\0' ?
	    tmp : "/tmp");
	if ((fd = mkstemp(path)) == -1 || (f = fdopen(fd, "wb")) == NULL) {
		perror(path);
		abort();
	}
	if (size > 0 && fwrite(data, 1, size, f) != size)
		abort();
	fclose(f);
	fuzz_load(path, NULL);
	fuzz_load(path, &semi);
	unlink(path);
	free(path);
	return 0;
}
