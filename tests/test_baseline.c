/*
 * test_baseline: the CSV baseline loader against the external edge-case
 * suites in tests/data/csv/external (expected parses generated into
 * tests/data/csv/expected.h by gen-expected.py), against files of our own,
 * and against generated files in a temporary directory. Problems must come
 * out as "FILE:LINE:COLUMN: message" with exactly the line and field given
 * here. Data is found under $top_srcdir (default ".").
 */
#include "config.h"

#define _POSIX_C_SOURCE 200809L

#include <sys/types.h>
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "baseline.h"
#include "util.h"

#include "check.h"

#include "data/csv/expected.h"

static char	*tmpdir;
static char	*datadir;

/* A path under tests/data/csv. */
static char *
data(const char *rel)
{
	return xasprintf("%s/%s", datadir, rel);
}

/* Write LEN bytes to NAME in the temporary directory; return its path. */
static char *
tmpfile_with(const char *name, const char *bytes, size_t len)
{
	char	*path = xasprintf("%s/%s", tmpdir, name);
	FILE	*f;

	if ((f = fopen(path, "wb")) == NULL) {
		perror(path);
		exit(1);
	}
	if (len > 0 && fwrite(bytes, 1, len, f) != len) {
		perror(path);
		exit(1);
	}
	fclose(f);
	return path;
}

static struct baseline *
load(const char *path, const char *id, const char *name, char delim,
    struct diag *d)
{
	struct baseline_opts	opts = { delim, id, name };

	return baseline_load(path, &opts, d);
}

static void
show(const struct diag *d)
{
	for (size_t i = 0; i < d->n; i++)
		fprintf(stderr, "    | %s\n", d->msgs[i]);
}

/* True when D holds a message "PATH:LINE:COL: ..." containing WHAT. */
static int
has_diag_at(const struct diag *d, const char *path, size_t line, size_t col,
    const char *what, const char *file, int at)
{
	char	*prefix = xasprintf("%s:%zu:%zu: ", path, line, col);
	size_t	 i;
	int	 found = 0;

	for (i = 0; i < d->n && !found; i++) {
		if (strncmp(d->msgs[i], prefix, strlen(prefix)) == 0 &&
		    strstr(d->msgs[i], what) != NULL)
			found = 1;
	}
	if (!found) {
		fprintf(stderr, "%s:%d: no message \"%s...%s\"; got:\n", file,
		    at, prefix, what);
		show(d);
	}
	free(prefix);
	return found;
}
#define HAS_DIAG(d, path, line, col, what) \
	CHECK(has_diag_at(d, path, line, col, what, __FILE__, __LINE__))

/* Load inline bytes that must be refused with one message at LINE:COL. */
static void
refuse_at(const char *name, const char *bytes, size_t len, const char *id,
    const char *nm, size_t line, size_t col, const char *what, int at)
{
	struct diag	 d = { 0 };
	char		*path = tmpfile_with(name, bytes, len);
	struct baseline	*b = load(path, id, nm, 0, &d);

	if (b != NULL) {
		fprintf(stderr, "%s:%d: %s loaded but should not\n", __FILE__,
		    at, name);
		failures++;
	}
	if (!has_diag_at(&d, path, line, col, what, __FILE__, at))
		failures++;
	baseline_free(b);
	diag_clear(&d);
	free(path);
}
#define REFUSE(name, s, line, col, what) \
	refuse_at(name, s, sizeof s - 1, NULL, NULL, line, col, what, __LINE__)

/* Load inline bytes that must load; the caller frees. */
static struct baseline *
accept_at(const char *name, const char *bytes, size_t len, const char *id,
    const char *nm, char delim, int at)
{
	struct diag	 d = { 0 };
	char		*path = tmpfile_with(name, bytes, len);
	struct baseline	*b = load(path, id, nm, delim, &d);

	if (b == NULL || d.n != 0) {
		fprintf(stderr, "%s:%d: %s did not load cleanly:\n", __FILE__,
		    at, name);
		show(&d);
		failures++;
	}
	diag_clear(&d);
	free(path);
	return b;
}
#define ACCEPT(name, s) \
	accept_at(name, s, sizeof s - 1, NULL, NULL, 0, __LINE__)

static int
text_is(const struct baseline *b, size_t r, size_t c, const char *want)
{
	const char	*t;

	if (b == NULL || r >= b->nrows || c >= b->ncols)
		return 0;
	t = baseline_text(b, r, c);
	if (want == NULL)
		return t == NULL;
	return t != NULL && strcmp(t, want) == 0;
}

static void
test_numbers(void)
{
	static const struct {
		const char	*s;
		double		 v;
	} good[] = {
		{ "0", 0 }, { "42", 42 }, { "-3.5", -3.5 }, { "+7", 7 },
		{ "1,234,567", 1234567 }, { "1,234.5", 1234.5 },
		{ "999,999", 999999 }, { "\xc2\xa3" "1,200", 1200 },
		{ "$5", 5 }, { "\xe2\x82\xac" "3.25", 3.25 },
		{ "-\xc2\xa3" "5", -5 }, { "\xc2\xa3" "-5", -5 },
		{ "+$5", 5 }, { "$-5.5", -5.5 }, { "-\xe2\x82\xac" "2", -2 },
		{ "12.5%", 12.5 }, { "-0.5%", -0.5 }, { "100%", 100 },
		{ "(1,234)", -1234 }, { "(\xc2\xa3" "1,234.50)", -1234.5 },
		{ "(7)", -7 }, { "(2.5%)", -2.5 }, { "1e3", 1000 },
		{ "1.5E-2", 0.015 }, { "-2e+2", -200 }, { ".5", 0.5 },
		{ "5.", 5 }, { "  42  ", 42 }, { "\t7\t", 7 },
		{ "0001", 1 }, { "1,234e2", 123400 },
	};
	static const char *bad[] = {
		"", " ", "1,2", "1,23", "12,3456", ",123", "1,,234",
		"1234,567", "1,234,56", "1,234,", "abc", "NaN", "nan", "NAN",
		"inf", "-inf", "Infinity", "0x1A", "1e", "1e+", "e5",
		"\xc2\xa3", "$", "-", "+", "%", ".", "12%%", "%12", "(5", "5)",
		"()", "(-5)", "-(5)", "--5", "-\xc2\xa3-5", "+-5", "1 234",
		"1.2.3", "1e999", "-1e999", "12 %", "\xc2\xa3 5", "$$5", "5$",
		"5\xc2\xa3", "\xa3" "5", "1,234.5.6", "12abc", "..", "[x]",
		"1_000", "\xc2\xa0" "5", "5-", "1e5.5",
	};
	size_t	i;
	double	v;

	for (i = 0; i < nitems(good); i++) {
		v = NAN;
		if (!baseline_parse_number(good[i].s, &v) || v != good[i].v) {
			fprintf(stderr, "%s:%d: \"%s\" parsed as %g, not %g\n",
			    __FILE__, __LINE__, good[i].s, v, good[i].v);
			failures++;
		}
	}
	for (i = 0; i < nitems(bad); i++) {
		if (baseline_parse_number(bad[i], &v)) {
			fprintf(stderr, "%s:%d: \"%s\" parsed as %g\n",
			    __FILE__, __LINE__, bad[i], v);
			failures++;
		}
	}
}

/*
 * Every decimal reads to the double strtod gives, bit for bit, whichever
 * way it is read (the exact short path or strtod): random digit strings
 * of every length to 25 digits with the point anywhere, leading and
 * trailing zeros, and the edges of the short path (15 and 16 significant
 * digits, 22 and 23 after the point).
 */
static void
test_numbers_exact(void)
{
	static const char *edge[] = {
		"0", "0.0", "000123", "0.000000000000000000001",
		"0.0000000000000000000001", "123456789012345",
		"1234567890123456", "12345678901234.5", "9007199254740993",
		"999999999999999", "0.1", "0.2", "0.3", "2.675", "1.005",
		"4503599627370496.5", "0.1234567890123456789012",
		"89255.0000000000000000001", "1e22", "17.000000000000001",
	};
	unsigned long	 seed = 12345;
	char		 s[40];
	size_t		 bad = 0;

	for (size_t i = 0; i < nitems(edge) + 400000; i++) {
		double	 got, want;
		char	*ep;

		if (i < nitems(edge))
			snprintf(s, sizeof s, "%s", edge[i]);
		else {
			int	len, point, k = 0;

			seed = seed * 6364136223846793005UL + 1442695040888963407UL;
			len = 1 + (int)((seed >> 33) % 25);
			point = (int)((seed >> 40) % (unsigned long)(len + 1));
			for (int d = 0; d < len; d++) {
				if (d == point && d > 0)
					s[k++] = '.';
				seed = seed * 6364136223846793005UL +
				    1442695040888963407UL;
				/* zeros often: leading, trailing, inside */
				s[k++] = (seed >> 60) < 4 ? '0' :
				    (char)('0' + (seed >> 33) % 10);
			}
			s[k] = '\0';
		}
		want = strtod(s, &ep);
		if (!baseline_parse_number(s, &got) ||
		    memcmp(&got, &want, sizeof got) != 0) {
			if (bad++ < 5)
				fprintf(stderr, "%s:%d: \"%s\" read as %.17g, "
				    "strtod %.17g\n", __FILE__, __LINE__, s, got,
				    want);
			failures++;
		}
	}
}

static void
test_missing(void)
{
	static const char *yes[] = {
		"", "  ", "\t", "NA", "na", "N/A", "n/a", "#N/A", "NULL",
		"null", "..", ".", ":", "-", "x", "X", "[x]", "[c]", "[z]",
		"[low]", "[C]", " .. ",
	};
	static const char *no[] = {
		"0", "N", "NA1", "none", "...", "[y]", "--", "xx", "x1",
		"nan", "n",
	};
	size_t	i;

	for (i = 0; i < nitems(yes); i++) {
		if (!baseline_is_missing(yes[i])) {
			fprintf(stderr, "%s:%d: \"%s\" not missing\n",
			    __FILE__, __LINE__, yes[i]);
			failures++;
		}
	}
	for (i = 0; i < nitems(no); i++) {
		if (baseline_is_missing(no[i])) {
			fprintf(stderr, "%s:%d: \"%s\" is missing\n",
			    __FILE__, __LINE__, no[i]);
			failures++;
		}
	}
}

/* The suites' expected parses, with "" and markers read as missing. */
static void
test_external_expected(void)
{
	const struct ext_case	*c;
	struct baseline		*b;
	struct diag		 d = { 0 };
	char			*path, name[64];
	const char		*want;
	size_t			 i, r, col;

	for (i = 0; i < nitems(ext_cases); i++) {
		c = &ext_cases[i];
		if (c->file != NULL) {
			char *rel = xasprintf("external/%s", c->file);

			path = data(rel);
			free(rel);
		} else {
			snprintf(name, sizeof name, "ext%zu.csv", i);
			path = tmpfile_with(name, c->input, c->inputlen);
		}
		b = load(path, c->id, c->idname, 0, &d);
		if (b == NULL) {
			fprintf(stderr, "%s:%d: %s refused:\n", __FILE__,
			    __LINE__, c->name);
			show(&d);
			failures++;
			goto next;
		}
		if (b->ncols != c->ncols || b->nrows != c->nrows) {
			fprintf(stderr, "%s:%d: %s is %zux%zu, not %zux%zu\n",
			    __FILE__, __LINE__, c->name, b->nrows, b->ncols,
			    c->nrows, c->ncols);
			failures++;
			goto next;
		}
		for (col = 0; col < c->ncols; col++) {
			if (strcmp(b->header[col], c->header[col]) != 0) {
				fprintf(stderr, "%s:%d: %s header %zu is "
				    "\"%s\"\n", __FILE__, __LINE__, c->name,
				    col + 1, b->header[col]);
				failures++;
			}
		}
		for (r = 0; r < c->nrows; r++) {
			for (col = 0; col < c->ncols; col++) {
				want = c->cells[r * c->ncols + col];
				if (baseline_is_missing(want))
					want = NULL;
				if (text_is(b, r, col, want))
					continue;
				fprintf(stderr, "%s:%d: %s row %zu col %zu is "
				    "\"%s\", not \"%s\"\n", __FILE__, __LINE__,
				    c->name, r + 1, col + 1,
				    baseline_text(b, r, col) ?
				    baseline_text(b, r, col) : "(missing)",
				    want ? want : "(missing)");
				failures++;
			}
		}
next:
		baseline_free(b);
		diag_clear(&d);
		free(path);
	}
}

/* Load a suite file that must be refused with a message at LINE:COL. */
static void
ext_refuse_at(const char *rel, const char *id, const char *name, size_t line,
    size_t col, const char *what, int at)
{
	char		*r = xasprintf("external/%s", rel), *path = data(r);
	struct diag	 d = { 0 };
	struct baseline	*b = load(path, id, name, 0, &d);

	if (b != NULL) {
		fprintf(stderr, "%s:%d: %s loaded\n", __FILE__, at, rel);
		failures++;
	}
	if (!has_diag_at(&d, path, line, col, what, __FILE__, at))
		failures++;
	baseline_free(b);
	diag_clear(&d);
	free(path);
	free(r);
}
#define EXT_REFUSE(rel, id, name, line, col, what) \
	ext_refuse_at(rel, id, name, line, col, what, __LINE__)

static struct baseline *
ext_accept_at(const char *rel, const char *id, const char *name, int at)
{
	char		*r = xasprintf("external/%s", rel), *path = data(r);
	struct diag	 d = { 0 };
	struct baseline	*b = load(path, id, name, 0, &d);

	if (b == NULL || d.n != 0) {
		fprintf(stderr, "%s:%d: %s did not load cleanly:\n", __FILE__,
		    at, rel);
		show(&d);
		failures++;
	}
	diag_clear(&d);
	free(path);
	free(r);
	return b;
}
#define EXT_ACCEPT(rel, id, name) ext_accept_at(rel, id, name, __LINE__)

#define HDR_NO_ROWS	"the file has a header row but no rows of data"
#define TOO_FEW		" values but the header has "
#define NUL_BYTE	"contains a zero (NUL) byte"
#define UNTERMINATED	"a quoted value starts here but its closing quote"
#define UTF16		"saved as UTF-16"

/* Suite cases the loader refuses, and suite files without a JSON oracle. */
static void
test_external_files(void)
{
	struct baseline	*b;

	EXT_REFUSE("rfc4180/ex3_header.csv", "aaa", "bbb", 1, 2,
	    "the column name 'field_name' is used twice (also column 1)");
	EXT_REFUSE("rfc4180/ex3_header.csv", "aaa", "bbb", 1, 3,
	    "the column name 'field_name' is used twice (also column 1)");
	EXT_REFUSE("rfc4180/ex4_single_record.csv", "aaa", "bbb", 1, 1,
	    HDR_NO_ROWS);
	EXT_REFUSE("rfc4180/ex7_doubled_quote.csv", "aaa", "b\"bb", 1, 1,
	    HDR_NO_ROWS);

	EXT_REFUSE("csvkit/bad.csv", "column_a", "column_b", 2, 4,
	    "this row has 4 values but the header has 3 columns");
	EXT_REFUSE("csvkit/bad.csv", "column_a", "column_b", 3, 3,
	    "this row has 2 values but the header has 3 columns");
	EXT_REFUSE("csvkit/test_join_short_rows.csv", "a", "b", 2, 3,
	    "this row has 2 values but the header has 3 columns");
	EXT_REFUSE("csvkit/test_join_short_rows.csv", "a", "b", 3, 3,
	    "this row has 2 values but the header has 3 columns");
	EXT_REFUSE("csvkit/blanks.csv", "a", "b", 2, 1,
	    "this row has no id in column 'a'");
	EXT_REFUSE("csvkit/null_byte.csv", "a", "b", 2, 1, NUL_BYTE);
	EXT_REFUSE("csvkit/test_empty_columns_long_row.csv", "a", "b", 1, 1,
	    HDR_NO_ROWS);
	EXT_REFUSE("csvkit/test_empty_columns_short_row.csv", "a", "b", 1, 1,
	    HDR_NO_ROWS);
	EXT_REFUSE("csvkit/test_latin1.csv", "a", "b", 3, 3,
	    "byte 0xA9 is not UTF-8 text (in Windows-1252 it is \"\xc2\xa9\")");
	EXT_REFUSE("csvkit/test_utf16_big.csv", "a", "b", 1, 1, UTF16);
	EXT_REFUSE("csvkit/test_utf16_little.csv", "a", "b", 1, 1, UTF16);

	/* blanks.csv: "", NA, N/A and NULL and "." are missing, NONE is not. */
	b = EXT_ACCEPT("csvkit/blanks.csv", "d", "d");
	CHECK(b != NULL && b->nrows == 1);
	CHECK(text_is(b, 0, 0, NULL) && text_is(b, 0, 1, NULL));
	CHECK(text_is(b, 0, 2, NULL) && text_is(b, 0, 3, "NONE"));
	CHECK(text_is(b, 0, 4, NULL) && text_is(b, 0, 5, NULL));
	baseline_free(b);

	/* CR-only line ends, one of them inside quotes. */
	b = EXT_ACCEPT("csvkit/mac_newlines.csv", "a", "b");
	CHECK(b != NULL && b->nrows == 2);
	CHECK(b != NULL && b->line[0] == 2 && b->line[1] == 3);
	CHECK(text_is(b, 1, 0, "Once upon\ra time"));
	CHECK(b != NULL && b->type[2] == COL_NUMBER);
	baseline_free(b);

	b = EXT_ACCEPT("csvkit/sniff_limit.csv", "a", "b");
	CHECK(b != NULL && b->delimiter == ';' && b->ncols == 3);
	CHECK(text_is(b, 0, 2, "3"));
	baseline_free(b);

	b = EXT_ACCEPT("csvkit/test_header_newline.csv",
	    "start \t\n\v\f\r end", "b");
	CHECK(b != NULL && text_is(b, 0, 0, "d") && text_is(b, 0, 2, "f"));
	baseline_free(b);

	/* German number formats are text, not numbers read wrongly. */
	EXT_REFUSE("csvkit/test_locale.csv", "c", "c", 2, 3,
	    "this row has no id in column 'c'");
	b = EXT_ACCEPT("csvkit/test_locale.csv", "a", "a");
	CHECK(b != NULL && b->type[1] == COL_TEXT && b->type[2] == COL_TEXT);
	CHECK(text_is(b, 0, 1, "200.000.000") && text_is(b, 0, 2, NULL));
	CHECK(b != NULL && isnan(baseline_num(b, 0, 1)));
	baseline_free(b);
	b = EXT_ACCEPT("csvkit/test_locale_converted.csv", "a", "a");
	CHECK(b != NULL && b->type[1] == COL_NUMBER);
	CHECK(b != NULL && baseline_num(b, 0, 1) == 200000000);
	baseline_free(b);

	b = EXT_ACCEPT("csvkit/test_no_leading_zeroes.csv", "a", "a");
	CHECK(b != NULL && b->type[1] == COL_NUMBER);
	CHECK(text_is(b, 0, 1, "00.11") && baseline_num(b, 0, 1) == 0.11);
	CHECK(b != NULL && b->type[0] == COL_TEXT && isnan(baseline_num(b, 0,
	    0)));
	baseline_free(b);

	b = EXT_ACCEPT("csvkit/test_utf8.csv", "foo", "bar");
	CHECK(text_is(b, 1, 2, "\xca\xa4") && b->type[2] == COL_TEXT);
	baseline_free(b);
	b = EXT_ACCEPT("csvkit/test_utf8_bom.csv", "foo", "bar");
	CHECK(b != NULL && strcmp(b->header[0], "foo") == 0);
	CHECK(b != NULL && baseline_column(b, "foo") == 0);
	baseline_free(b);
	b = EXT_ACCEPT("csvkit/dummy.csv", "a", "b");
	CHECK(b != NULL && b->nrows == 1 && baseline_num(b, 0, 2) == 3);
	baseline_free(b);

	/* Not an oracle upstream, but it must load. */
	b = EXT_ACCEPT("csv-spectrum/csvs/location_coordinates.csv",
	    "Contact Phone Number", "Cities");
	CHECK(b != NULL && b->nrows == 1 && text_is(b, 0, 2, "Modesto"));
	baseline_free(b);

	/* libcsv's files: blank lines only, a header with no data. */
	EXT_REFUSE("libcsv/test_12.csv", NULL, NULL, 1, 1,
	    "the file has no header row, only blank lines");
	EXT_REFUSE("libcsv/test_02.csv", NULL, NULL, 1, 1,
	    "the file has no header row, only blank lines");
	EXT_REFUSE("libcsv/test_13.csv", "abc", "abc", 1, 1, HDR_NO_ROWS);
	EXT_REFUSE("libcsv/test_01.csv", "1", "2", 1, 1, HDR_NO_ROWS);

	/* libcsv vectors refused (a header line put in front, as above). */
	REFUSE("v02.csv", "id,name,c3,c4,c5,c6\n,,,,,\n", 1, 1, HDR_NO_ROWS);
	refuse_at("v09.csv", "id,name\n", 8, NULL, NULL, 1, 1, HDR_NO_ROWS,
	    __LINE__);
	REFUSE("v12.csv", "id,name\n\n\n\n\n", 1, 1, HDR_NO_ROWS);
	REFUSE("v14.csv", "id,name,c3,c4\n1, 2, 3,\n\r\n  \"4\", \r,", 4, 3,
	    "this row has 2 values but the header has 4 columns");
	REFUSE("v15.csv", "id,name,c3,c4\n1, 2, 3,\n\r\n  \"4\", \r\"\"", 4,
	    3, "this row has 2 values but the header has 4 columns");
	REFUSE("v16.csv", "id,name,c3\n\"1\",\"2\",\" 3 ", 2, 3,
	    UNTERMINATED);
	REFUSE("v17.csv", "id,name\n a\0b\0c ,x", 2, 1, NUL_BYTE);
}

static void
test_own_files(void)
{
	struct baseline	*b;
	struct diag	 d = { 0 };
	char		*path;
	long		 c;

	/* BOM, CRLF, quotes, and the ways spreadsheets write numbers. */
	path = data("ons.csv");
	b = load(path, NULL, NULL, 0, &d);
	CHECK(b != NULL && d.n == 0);
	show(&d);
	diag_clear(&d);
	free(path);
	CHECK(b != NULL && b->nrows == 4 && b->ncols == 8);
	CHECK(b != NULL && b->delimiter == ',' && b->id_col == 0 &&
	    b->name_col == 1);
	CHECK(b != NULL && b->line[0] == 2 && b->line[3] == 5);
	CHECK(b != NULL && strcmp(b->header[0], "id") == 0);
	CHECK(b != NULL && baseline_column(b, "median pay") == 3);
	CHECK(b != NULL && baseline_column(b, "nope") == -1);
	CHECK(text_is(b, 1, 1, "Middlesbrough, Town"));
	if (b != NULL) {
		CHECK(b->type[0] == COL_TEXT && b->type[1] == COL_TEXT);
		c = baseline_column(b, "population");
		CHECK(b->type[c] == COL_NUMBER);
		CHECK(baseline_num(b, 0, c) == 92571);
		CHECK(baseline_num(b, 1, c) == 143924);
		c = baseline_column(b, "median pay");
		CHECK(b->type[c] == COL_NUMBER);
		CHECK(baseline_num(b, 0, c) == 28500);
		CHECK(baseline_num(b, 1, c) == 31250.5);
		CHECK(isnan(baseline_num(b, 2, c)) && text_is(b, 2, c, NULL));
		CHECK(baseline_num(b, 3, c) == 30000);
		c = baseline_column(b, "change");
		CHECK(b->type[c] == COL_NUMBER);
		CHECK(baseline_num(b, 1, c) == -1.5);
		CHECK(isnan(baseline_num(b, 3, c)));
		c = baseline_column(b, "share");
		CHECK(b->type[c] == COL_NUMBER);
		CHECK(baseline_num(b, 0, c) == 12.5);
		CHECK(text_is(b, 0, c, "12.5%"));
		CHECK(isnan(baseline_num(b, 1, c)) && isnan(baseline_num(b,
		    3, c)));
		c = baseline_column(b, "region");
		CHECK(b->type[c] == COL_TEXT && isnan(baseline_num(b, 0, c)));
		c = baseline_column(b, "notes");
		CHECK(b->type[c] == COL_TEXT);
		CHECK(text_is(b, 0, c, NULL));
		CHECK(text_is(b, 1, c, "said \"hello\""));
		CHECK(text_is(b, 2, c, "spaced"));
		CHECK(text_is(b, 3, c, " kept "));
	}
	baseline_free(b);

	/* Semicolons, detected, and given: quoted ";" is not counted. */
	path = data("semicolon.csv");
	b = load(path, "code", "area", 0, &d);
	CHECK(b != NULL && b->delimiter == ';' && b->nrows == 2);
	CHECK(text_is(b, 0, 1, "A; B") && text_is(b, 0, 2, "1,5"));
	CHECK(b != NULL && b->type[2] == COL_TEXT);
	baseline_free(b);
	b = load(path, "code", "area", ';', &d);
	CHECK(b != NULL && b->delimiter == ';');
	baseline_free(b);
	b = load(path, "code", "area", ',', &d);
	CHECK(b == NULL);
	HAS_DIAG(&d, path, 1, 1, "the scenario names column 'code' as the id");
	diag_clear(&d);
	free(path);

	path = data("tab.tsv");
	b = load(path, NULL, NULL, 0, &d);
	CHECK(b != NULL && b->delimiter == '\t' && b->ncols == 3);
	CHECK(b != NULL && b->type[2] == COL_NUMBER &&
	    baseline_num(b, 1, 2) == 3.5);
	baseline_free(b);
	diag_clear(&d);
	free(path);

	/* Windows-1252: the byte, what it would be, and what to do. */
	path = data("latin1.csv");
	b = load(path, NULL, NULL, 0, &d);
	CHECK(b == NULL);
	HAS_DIAG(&d, path, 2, 2, "byte 0xE9 is not UTF-8 text (in "
	    "Windows-1252 it is \"\xc3\xa9\"); the file looks like it was "
	    "saved as Windows-1252/Latin-1: save it again as \"CSV UTF-8\"");
	HAS_DIAG(&d, path, 3, 2, "byte 0x80 is not UTF-8 text (in "
	    "Windows-1252 it is \"\xe2\x82\xac\")");
	CHECK(d.n == 2);
	diag_clear(&d);
	free(path);
}

/* The same file with LF, CRLF and CR-only line ends. */
static void
test_lines(void)
{
	static const char *nl[] = { "\n", "\r\n", "\r" };
	struct buf	 good, bad;
	struct baseline	*b;
	struct diag	 d = { 0 };
	char		*path;
	size_t		 i;

	for (i = 0; i < nitems(nl); i++) {
		memset(&good, 0, sizeof good);
		buf_printf(&good, "id,name,v%sE1,\"two%slines\",1%s%s"
		    "E2,b,2%sE3,\"x%s%sy\",3%s", nl[i], nl[i], nl[i], nl[i],
		    nl[i], nl[i], nl[i], nl[i]);
		b = accept_at("lines.csv", good.data, good.len, NULL, NULL, 0,
		    __LINE__);
		CHECK(b != NULL && b->nrows == 3);
		CHECK(b != NULL && b->line[0] == 2 && b->line[1] == 5 &&
		    b->line[2] == 6);
		if (b != NULL && b->nrows == 3) {
			char *want = xasprintf("x%s%sy", nl[i], nl[i]);

			CHECK(text_is(b, 2, 1, want));
			free(want);
		}
		baseline_free(b);
		buf_free(&good);

		/* An extra value on line 8, a short row on line 9. */
		memset(&bad, 0, sizeof bad);
		buf_printf(&bad, "id,name,v%sE1,\"two%slines\",1%s%s"
		    "E2,b,2%sE3,\"x%s%sy\",3,9%sE4,b%s", nl[i], nl[i], nl[i],
		    nl[i], nl[i], nl[i], nl[i], nl[i], nl[i]);
		path = tmpfile_with("lines-bad.csv", bad.data, bad.len);
		b = load(path, NULL, NULL, 0, &d);
		CHECK(b == NULL);
		HAS_DIAG(&d, path, 8, 4, "this row has 4 values but the "
		    "header has 3 columns; remove the extra values, or put "
		    "quotes around a value that contains a comma");
		HAS_DIAG(&d, path, 9, 3, "this row has 2 values but the "
		    "header has 3 columns; add the missing values");
		CHECK(d.n == 2);
		diag_clear(&d);
		free(path);
		buf_free(&bad);
	}

	/* A problem inside a value that starts on an earlier line. */
	REFUSE("field-line.csv", "id,name\nE1,\"a\nb\nc\"\nE2,\"x\n\xff\"\n",
	    5, 2, "byte 0xFF is not UTF-8 text");
}

static void
test_cells(void)
{
	struct baseline	*b;

	/* Spaces: trimmed around values and names, kept inside quotes. */
	b = ACCEPT("spaces.csv", " id , name ,\tv\t\nE1,\" padded \",  7  \n"
	    "  E2  ,\"\tq\t\", 8\n");
	CHECK(b != NULL && strcmp(b->header[2], "v") == 0);
	CHECK(text_is(b, 0, 1, " padded ") && text_is(b, 1, 1, "\tq\t"));
	CHECK(text_is(b, 0, 2, "7") && text_is(b, 1, 0, "E2"));
	CHECK(b != NULL && b->type[2] == COL_NUMBER &&
	    baseline_num(b, 1, 2) == 8);
	baseline_free(b);

	/* Types: missing cells do not make a column text; one word does. */
	b = ACCEPT("types.csv", "id,name,num,mixed,none,quoted\n"
	    "1,a,1,1,,\" 5 \"\n2,b,NA,two,..,6\n3,c,,3,[x],7\n");
	CHECK(b != NULL && b->ncols == 6 && b->nrows == 3);
	if (b != NULL && b->ncols == 6 && b->nrows == 3) {
		CHECK(b->type[0] == COL_TEXT && isnan(baseline_num(b, 0, 0)));
		CHECK(b->type[2] == COL_NUMBER);
		CHECK(baseline_num(b, 0, 2) == 1 && isnan(baseline_num(b, 1,
		    2)) && text_is(b, 1, 2, NULL) && text_is(b, 2, 2, NULL));
		CHECK(b->type[3] == COL_TEXT && text_is(b, 1, 3, "two"));
		CHECK(text_is(b, 0, 3, "1") && isnan(baseline_num(b, 0, 3)));
		CHECK(b->type[4] == COL_TEXT && text_is(b, 0, 4, NULL));
		CHECK(b->type[5] == COL_NUMBER && baseline_num(b, 0, 5) == 5);
		CHECK(text_is(b, 0, 5, " 5 "));
	}
	baseline_free(b);

	/* Rows with no values at all are skipped like blank lines. */
	b = ACCEPT("blank-rows.csv", ",,\nid,name,v\n,,\n  \nE1,a,1\n,,\n"
	    "\"\",,\nE2,b,2\n,,");
	CHECK(b != NULL && b->nrows == 2 && b->line[0] == 5 &&
	    b->line[1] == 8);
	baseline_free(b);

	/* Options: id and name columns elsewhere, and the same column. */
	b = accept_at("opts.csv", "x,code,label\n1,E1,A\n", 20, "code",
	    "label", 0, __LINE__);
	CHECK(b != NULL && b->id_col == 1 && b->name_col == 2);
	CHECK(b != NULL && b->type[0] == COL_NUMBER);
	baseline_free(b);

	/* Delimiter detection: most frequent, comma on a tie. */
	b = accept_at("tie.csv", "id;x,name\nE1;2,A\n", 17, "id;x", NULL, 0,
	    __LINE__);
	CHECK(b != NULL && b->delimiter == ',' && b->ncols == 2);
	baseline_free(b);
	b = ACCEPT("quoted-delims.csv", "\"x;y;z\",id,name\n1,E1,A\n");
	CHECK(b != NULL && b->delimiter == ',' && b->ncols == 3);
	baseline_free(b);
	b = ACCEPT("tabs.csv", "id\tname\tv,w\nE1\tA\t1,5\n");
	CHECK(b != NULL && b->delimiter == '\t' && text_is(b, 0, 2, "1,5"));
	baseline_free(b);
	b = accept_at("given.csv", "id;name;a,b,c,d\nE1;A;1,2,3,4\n", 29,
	    NULL, NULL, ';', __LINE__);
	CHECK(b != NULL && b->delimiter == ';' && b->ncols == 3);
	CHECK(text_is(b, 0, 2, "1,2,3,4"));
	baseline_free(b);
}

static void
test_problems(void)
{
	struct baseline	*b;
	struct diag	 d = { 0 };
	struct buf	 many;
	char		*path;
	size_t		 i;

	REFUSE("dup-header.csv", "id,name,v,v\nE1,a,1,2\n", 1, 4,
	    "the column name 'v' is used twice (also column 3); give each "
	    "column a different name");
	REFUSE("empty-header.csv", "id,name,,w\nE1,a,1,2\n", 1, 3,
	    "column 3 has no name in the header row; give it a name, or "
	    "delete the column if it is not needed");
	REFUSE("dup-id.csv", "id,name\nE1,a\nE2,b\nE1,c\n", 4, 1,
	    "the id 'E1' is used again (first on line 2); each area must "
	    "appear only once");
	REFUSE("empty-id.csv", "name,id\na,E1\nb,\n", 3, 2,
	    "this row has no id in column 'id'; fill in the area's id, or "
	    "delete the row");
	REFUSE("marker-id.csv", "id,name\nNA,a\n", 2, 1,
	    "this row has no id in column 'id'");
	refuse_at("no-id.csv", "id,name\nE1,a\n", 13, "code", NULL, 1, 1,
	    "the scenario names column 'code' as the id, but the header row "
	    "has no such column (it has 'id', 'name'); rename the column in "
	    "the file or change the scenario", __LINE__);
	refuse_at("no-name.csv", "id,name\nE1,a\n", 13, NULL, "label", 1, 1,
	    "the scenario names column 'label' as the name", __LINE__);
	REFUSE("many-cols.csv", "a,b,c,d,e,f,g,h\n1,2,3,4,5,6,7,8\n", 1, 1,
	    "(it has 'a', 'b', 'c', 'd', 'e', 'f' and 2 more)");
	REFUSE("utf16-nobom.csv", "i\0d\0,\0n\0a\0m\0e\0\n\0", 1, 1, UTF16);
	REFUSE("utf16be-nobom.csv", "\0i\0d\0,\0n\0a\0m\0e\0\n", 1, 1, UTF16);
	REFUSE("nul.csv", "id,name\nE1,a\0b\n", 2, 2, NUL_BYTE);
	REFUSE("one-value.csv", "id,name\nE1\n", 2, 2,
	    "this row has 1 value but the header has 2 columns");
	REFUSE("nbsp.csv", "id,name\nE1,\xa0\n", 2, 2,
	    "byte 0xA0 is not UTF-8 text (in Windows-1252 it is \"no-break "
	    "space\")");
	REFUSE("undefined-1252.csv", "id,name\nE1,\x81\n", 2, 2,
	    "byte 0x81 is not UTF-8 text; the file looks like it was saved "
	    "as Windows-1252/Latin-1");
	REFUSE("overlong.csv", "id,name\nE1,\xc0\xaf\n", 2, 2,
	    "byte 0xC0 is not UTF-8");
	REFUSE("surrogate.csv", "id,name\nE1,\xed\xa0\x80\n", 2, 2,
	    "byte 0xED is not UTF-8");
	REFUSE("cut-utf8.csv", "id,name\nE1,\xe2\x82\n", 2, 2,
	    "byte 0xE2 is not UTF-8");
	refuse_at("empty.csv", "", 0, NULL, NULL, 1, 1, "the file is empty",
	    __LINE__);
	REFUSE("bom-only.csv", "\xef\xbb\xbf", 1, 1,
	    "the file has no header row, only blank lines");
	REFUSE("header-only.csv", "id,name\n\n\n", 1, 1, HDR_NO_ROWS);
	REFUSE("header-only-later.csv", "\n\nid,name\n", 3, 1, HDR_NO_ROWS);
	REFUSE("open-quote.csv", "id,name\nE1,\"open\nE2,b\n", 2, 2,
	    UNTERMINATED);
	REFUSE("open-quote-cr.csv", "id,name\rE1,a\rE2,b\r\"E3,c\r", 4, 1,
	    UNTERMINATED);
	path = tmpfile_with("quote-delim.csv", "id,name\nE1,a\n", 13);
	b = load(path, NULL, NULL, '"', &d);
	CHECK(b == NULL);
	HAS_DIAG(&d, path, 1, 1, "a quote cannot separate values");
	diag_clear(&d);
	free(path);

	/* All problems are reported; after 20, a count. */
	memset(&many, 0, sizeof many);
	buf_adds(&many, "id,name\n");
	for (i = 0; i < 30; i++)
		buf_adds(&many, "NA,a\n");
	path = tmpfile_with("many.csv", many.data, many.len);
	b = load(path, NULL, NULL, 0, &d);
	CHECK(b == NULL && d.n == 21);
	HAS_DIAG(&d, path, 21, 1, "this row has no id");
	HAS_DIAG(&d, path, 22, 1, "10 more problems, the first of them "
	    "here; fix the ones above and load the file again");
	diag_clear(&d);
	free(path);
	buf_free(&many);

	/* Mixed problems in one file, all reported. */
	path = tmpfile_with("mixed.csv", "id,name,v,v\nE1,a,1\nE1,b,2,3\n"
	    "E1,c,3,4\n,d,4,5\n", 44);
	b = load(path, NULL, NULL, 0, &d);
	CHECK(b == NULL && d.n == 4);
	HAS_DIAG(&d, path, 1, 4, "is used twice");
	HAS_DIAG(&d, path, 2, 4, "this row has 3 values");
	HAS_DIAG(&d, path, 4, 1, "the id 'E1' is used again (first on line "
	    "3)");
	HAS_DIAG(&d, path, 5, 1, "no id");
	diag_clear(&d);
	free(path);

	/* A value over 1 MB: an unclosed quote, most likely. */
	memset(&many, 0, sizeof many);
	buf_adds(&many, "id,name\nE1,\"");
	for (i = 0; i < 1100; i++)
		buf_printf(&many, "%01023d,", 0);
	path = tmpfile_with("long.csv", many.data, many.len);
	b = load(path, NULL, NULL, 0, &d);
	CHECK(b == NULL);
	HAS_DIAG(&d, path, 2, 2, "this value is longer than");
	diag_clear(&d);
	free(path);
	buf_free(&many);

	/* A very wide header is checked for repeats without slowing down. */
	memset(&many, 0, sizeof many);
	buf_adds(&many, "id,name");
	for (i = 0; i < 60000; i++)
		buf_printf(&many, ",c%zu", i % 40000);
	buf_adds(&many, "\n");
	path = tmpfile_with("wide.csv", many.data, many.len);
	b = load(path, NULL, NULL, 0, &d);
	CHECK(b == NULL && d.n == 21);
	HAS_DIAG(&d, path, 1, 40003, "the column name 'c0' is used twice "
	    "(also column 3)");
	diag_clear(&d);
	free(path);
	buf_free(&many);

	/* Wider than lever holds (the table lives in the screen's process):
	 * refused at the first column past the cap. */
	memset(&many, 0, sizeof many);
	buf_adds(&many, "id,name");
	for (i = 0; i < 200000; i++)
		buf_printf(&many, ",c%zu", i);
	buf_adds(&many, "\n");
	path = tmpfile_with("wider.csv", many.data, many.len);
	b = load(path, NULL, NULL, 0, &d);
	CHECK(b == NULL && d.n == 1);
	HAS_DIAG(&d, path, 1, 65537, "the header has more than 65536 columns");
	diag_clear(&d);
	free(path);
	buf_free(&many);

	/* Control characters in names never reach the terminal. */
	REFUSE("escape.csv", "id,\x1b[31mred,\x1b[31mred\nE1,a,b\n", 1, 3,
	    "the column name '?[31mred' is used twice");
}

static void
test_files(void)
{
	struct baseline	*b;
	struct diag	 d = { 0 };
	char		*path;
	struct stat	 sb;

	/* A folder. */
	b = load(tmpdir, NULL, NULL, 0, &d);
	CHECK(b == NULL);
	HAS_DIAG(&d, tmpdir, 1, 1, "this is a folder, not a file");
	diag_clear(&d);

	/* A FIFO with no writer: refused at once, without blocking. */
	path = xasprintf("%s/fifo.csv", tmpdir);
	CHECK(mkfifo(path, 0600) == 0);
	alarm(20);
	b = load(path, NULL, NULL, 0, &d);
	alarm(0);
	CHECK(b == NULL);
	HAS_DIAG(&d, path, 1, 1, "this is not an ordinary file");
	diag_clear(&d);
	unlink(path);
	free(path);

	/* Missing, and (unless we are root) unreadable. */
	path = xasprintf("%s/no-such.csv", tmpdir);
	b = load(path, NULL, NULL, 0, &d);
	CHECK(b == NULL);
	HAS_DIAG(&d, path, 1, 1, "cannot open the file: No such file or "
	    "directory");
	diag_clear(&d);
	free(path);
	if (geteuid() != 0) {
		path = tmpfile_with("secret.csv", "id,name\nE1,a\n", 13);
		chmod(path, 0);
		b = load(path, NULL, NULL, 0, &d);
		CHECK(b == NULL);
		HAS_DIAG(&d, path, 1, 1, "cannot open the file: Permission "
		    "denied");
		diag_clear(&d);
		free(path);
	}
	if (stat("/dev/null", &sb) == 0 && S_ISCHR(sb.st_mode)) {
		b = load("/dev/null", NULL, NULL, 0, &d);
		CHECK(b == NULL);
		HAS_DIAG(&d, "/dev/null", 1, 1, "this is not an ordinary file");
		diag_clear(&d);
	}
}

/* A file of a few megabytes streams through in chunks. */
static void
test_streaming(void)
{
	struct baseline	*b;
	struct diag	 d = { 0 };
	char		*path = xasprintf("%s/big.csv", tmpdir);
	FILE		*f = fopen(path, "w");
	size_t		 i, n = 60000;

	CHECK(f != NULL);
	if (f == NULL)
		return;
	fputs("id,name,population,rate\r\n", f);
	for (i = 0; i < n; i++) {
		if (i % 1000 == 999) {
			fprintf(f, "E%08zu,\"Area %zu,\r\nsomewhere\","
			    "\"%zu,%03zu\",%zu.5%%\r\n", i, i, i / 1000 + 1,
			    i % 1000, i % 100);
		} else {
			fprintf(f, "E%08zu,\"Area %zu, a town with a long "
			    "name to fill the file\",%zu,%zu.5%%\r\n", i, i, i,
			    i % 100);
		}
	}
	fclose(f);
	b = load(path, NULL, NULL, 0, &d);
	show(&d);
	CHECK(b != NULL && b->nrows == n && b->ncols == 4);
	if (b != NULL && b->nrows == n) {
		CHECK(b->type[2] == COL_NUMBER && b->type[3] == COL_NUMBER);
		CHECK(baseline_num(b, 999, 2) == 1999);
		CHECK(baseline_num(b, n - 1, 3) == 99.5);
		/* 60 rows span two lines each. */
		CHECK(b->line[n - 1] == 1 + n + (n - 1) / 1000);
		CHECK(text_is(b, n - 1, 0, "E00059999"));
	}
	baseline_free(b);
	diag_clear(&d);
	unlink(path);
	free(path);
}

/* Inputs from tests/fuzz_csv.c: each loads, or is refused with a message. */
static void
test_regress(void)
{
	struct baseline	*b;
	struct diag	 d = { 0 };
	char		*dir = data("regress"), *path;
	DIR		*dp;
	struct dirent	*de;

	if ((dp = opendir(dir)) == NULL) {
		free(dir);
		return;
	}
	while ((de = readdir(dp)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		path = xasprintf("%s/%s", dir, de->d_name);
		b = load(path, NULL, NULL, 0, &d);
		CHECK(b != NULL || d.n > 0);
		baseline_free(b);
		diag_clear(&d);
		free(path);
	}
	closedir(dp);
	free(dir);
}

static void
cleanup(void)
{
	DIR		*dp;
	struct dirent	*de;
	char		*path;

	if ((dp = opendir(tmpdir)) == NULL)
		return;
	while ((de = readdir(dp)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		path = xasprintf("%s/%s", tmpdir, de->d_name);
		unlink(path);
		free(path);
	}
	closedir(dp);
	rmdir(tmpdir);
}

int
main(void)
{
	const char	*top = getenv("top_srcdir");
	const char	*t = getenv("TMPDIR");

	datadir = xasprintf("%s/tests/data/csv", top != NULL ? top : ".");
	tmpdir = xasprintf("%s/test_baseline.XXXXXX", t != NULL && *t != '\0' ?
	    t : "/tmp");
	if (mkdtemp(tmpdir) == NULL) {
		perror("mkdtemp");
		return 1;
	}

	test_numbers();
	test_numbers_exact();
	test_missing();
	test_external_expected();
	test_external_files();
	test_own_files();
	test_lines();
	test_cells();
	test_problems();
	test_files();
	test_streaming();
	test_regress();

	cleanup();
	free(tmpdir);
	free(datadir);
	if (failures > 0)
		fprintf(stderr, "test_baseline: FAILED\n");
	return failures > 0 ? 1 : 0;
}
