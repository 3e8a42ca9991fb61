/*
 * baseline: read a CSV of per-area indicators into a typed table.
 *
 * The file is read in fixed-size chunks and streamed through libcsv; only
 * the table itself grows with the file. Each chunk is cut into segments that
 * end just after a delimiter, CR or LF byte and fed to csv_parse() one
 * segment at a time. libcsv only calls back when it reads one of those
 * bytes, so every callback happens at the end of a segment whose physical
 * line we know; a field starts on the line of the first segment after the
 * previous field that holds anything but spaces and tabs. That gives exact
 * lines for LF, CRLF and CR-only files and for quoted newlines without a
 * second CSV parser.
 *
 * libcsv's default space handling is kept on purpose: spaces and tabs
 * around a value are dropped, but quotes protect them (" a " stays " a ").
 * Header names are always trimmed. After end of file a newline is fed: if
 * a field is still open then, a quoted value was never closed.
 *
 * Cell text goes into one arena (struct baseline_full); while loading,
 * cells are arena offsets plus one (0 = missing) so the arena can grow, and
 * become pointers once the file is read. Rows whose values are all empty
 * are skipped, like blank lines. Every problem is reported with the line a
 * row or field starts on and the 1-based field number; loading goes on
 * after most problems so that all of them are reported at once.
 *
 * Why one file of this length: one reader, from bytes to a typed table:
 * encodings and BOM, libcsv's callbacks, cell parsing and the errors with
 * file, line and column; each step feeds the next through one struct.
 */
#include "config.h"

#define _POSIX_C_SOURCE 200809L

#include <sys/types.h>
#include <sys/stat.h>

#include <csv.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "baseline.h"
#include "file.h"
#include "util.h"

#define BASELINE_CHUNK		65536
#define BASELINE_MAXPROBLEMS	20
#define BASELINE_MAXCELL	(1024 * 1024)
#define BASELINE_MAXNUMBER	256
#define BASELINE_MAXNAMES	6
/*
 * The most cells (rows x columns) and columns a baseline may have: the
 * table lives in the process that owns the screen, and a script chooses
 * its baseline. At 24 bytes a cell while loading (16 once loaded) the cap
 * is about 200 MB at most; a baseline of every small area in England
 * (34,000 rows) fits with 200 columns.
 */
#define BASELINE_MAXCELLS	((size_t)8 << 20)
#define BASELINE_MAXCOLS	((size_t)65536)
#define BASELINE_MAXTEXT	((size_t)256 << 20)	/* bytes of cell text */

/* The table and the arena its text points into; baseline_free frees both. */
struct baseline_full {
	struct baseline	 b;
	char		*arena;
};

struct loader {
	const char	*path;
	struct diag	*diag;
	const char	*idname;
	const char	*namename;
	unsigned char	 delim;

	size_t		 nproblems;
	size_t		 more_line;
	size_t		 more_col;
	int		 stop;

	size_t		 line;		/* physical line being read */
	int		 prevcr;
	int		 fstarted;	/* current field has begun */
	size_t		 fline;		/* line the current field starts on */
	size_t		 field;		/* fields seen in the current row */
	size_t		 rowline;
	size_t		 extraline;	/* line of the first field past ncols */
	int		 rowblank;
	int		 rowbad;
	size_t		 rowmark;	/* arena length when the row began */

	int		 haveheader;
	char		**hdr;
	size_t		*hdrline;
	size_t		 nhdr;
	size_t		 hdrcap;
	long		 idcol;
	long		 namecol;

	size_t		 ncols;
	size_t		*cell;		/* current row: arena offset + 1 */
	struct buf	 arena;
	size_t		*cells;		/* nrows * ncols */
	size_t		*lines;
	size_t		 nrows;
	size_t		 rowcap;

	size_t		*idtab;		/* open addressing: row + 1 */
	size_t		 idcap;
	size_t		 nids;
};

/* Missing-value markers, compared without regard to case. */
static const char *baseline_missing[] = {
	"NA", "N/A", "#N/A", "NULL", "..", ".", ":", "-", "x",
	"[x]", "[c]", "[z]", "[low]"
};

/* Windows-1252 code points for bytes 0x80 to 0x9F (0: undefined). */
static const unsigned short baseline_cp1252[32] = {
	0x20ac, 0, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021,
	0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017d, 0,
	0, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014,
	0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0, 0x017e, 0x0178
};

static void
problem(struct loader *ld, size_t line, size_t col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Record a problem, or only count it once the cap is reached. */
static void
problem(struct loader *ld, size_t line, size_t col, const char *fmt, ...)
{
	va_list	 ap;
	char	*msg;

	if (ld->nproblems++ >= BASELINE_MAXPROBLEMS) {
		if (ld->nproblems == BASELINE_MAXPROBLEMS + 1) {
			ld->more_line = line;
			ld->more_col = col;
		}
		return;
	}
	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	diag_add(ld->diag, "%s:%zu:%zu: %s", ld->path, line, col, msg);
	free(msg);
}

/*
 * Copy S into OUT for a message: at most about 40 characters, through the
 * terminal filter (safe_add), so that nothing in a file can reach the
 * terminal as an escape sequence.
 */
static char *
printable(char *out, size_t outlen, const char *s, size_t n)
{
	struct buf	b = { 0 };
	size_t		o = 0, chars = 0, len;

	safe_add(&b, s, n, 0);
	while (o < b.len && chars < 40) {
		len = utf8_len(b.data + o, b.len - o);
		if (len == 0)
			len = 1;
		if (o + len + 4 > outlen)
			break;
		o += len;
		chars++;
	}
	memcpy(out, b.data, o);
	if (o < b.len && o + 4 <= outlen)
		memcpy(out + o, "...", 3), o += 3;
	out[o] = '\0';
	buf_free(&b);
	return out;
}

static int
missing_marker(const char *s, size_t n)
{
	size_t	i;

	while (n > 0 && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (n == 0)
		return 1;
	for (i = 0; i < nitems(baseline_missing); i++) {
		if (strlen(baseline_missing[i]) == n &&
		    strncasecmp(s, baseline_missing[i], n) == 0)
			return 1;
	}
	return 0;
}

bool
baseline_is_missing(const char *s)
{
	return missing_marker(s, strlen(s));
}

/* Skip a currency sign at *P, if there is one before END. */
static void
skip_currency(const char **p, const char *end)
{
	size_t	left = (size_t)(end - *p);

	if (left >= 1 && **p == '$')
		*p += 1;
	else if (left >= 2 && memcmp(*p, "\xc2\xa3", 2) == 0)
		*p += 2;
	else if (left >= 3 && memcmp(*p, "\xe2\x82\xac", 3) == 0)
		*p += 3;
}

static int
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/*
 * NUM (digits, at most one '.', no exponent) as the nearest double, when
 * that takes one exact division: at most 15 significant digits (below
 * 2^53, so exact as a double) over a power of ten up to 10^22 (exact
 * too), and IEEE division rounds once, as strtod does. False otherwise,
 * for strtod to do. Most baseline figures take this way.
 */
static bool
decimal_exact(const char *num, double *v)
{
	static const double	pow10[] = { 1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6,
	    1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17,
	    1e18, 1e19, 1e20, 1e21, 1e22 };
	uint64_t		m = 0;
	int			sig = 0, frac = -1;

	for (const char *p = num; *p != '\0'; p++) {
		if (*p == '.') {
			frac = 0;
			continue;
		}
		if (!is_digit(*p))
			return false;	/* an exponent */
		if (frac >= 0)
			frac++;
		if (m == 0 && *p == '0')
			continue;	/* a leading zero */
		if (++sig > 15)
			return false;
		m = m * 10 + (uint64_t)(*p - '0');
	}
	if (frac < 0)
		frac = 0;
	if (frac > 22)
		return false;
	*v = (double)m / pow10[frac];
	return true;
}

bool
baseline_parse_number(const char *s, double *out)
{
	char		 num[BASELINE_MAXNUMBER];
	const char	*p = s, *end, *q;
	size_t		 n = 0, intdigits = 0, fracdigits = 0, group;
	int		 neg = 0, paren = 0, sign = 0;
	char		*ep;
	double		 v;

	while (*p == ' ' || *p == '\t')
		p++;
	end = p + strlen(p);
	while (end > p && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	if ((size_t)(end - p) >= sizeof num - 1)
		return false;

	if (p < end && *p == '(') {
		if (end - p < 2 || end[-1] != ')')
			return false;
		paren = 1;
		p++;
		end--;
	}
	if (!paren && p < end && (*p == '-' || *p == '+')) {
		neg = *p == '-';
		sign = 1;
		p++;
	}
	skip_currency(&p, end);
	if (!paren && !sign && p < end && (*p == '-' || *p == '+')) {
		neg = *p == '-';
		p++;
	}
	if (p < end && end[-1] == '%')
		end--;

	/* Integer part: plain digits, or groups of three after a comma. */
	for (q = p; q < end && is_digit(*q); q++)
		num[n++] = *q;
	intdigits = (size_t)(q - p);
	if (q < end && *q == ',') {
		if (intdigits == 0 || intdigits > 3)
			return false;
		while (q < end && *q == ',') {
			q++;
			for (group = 0; q < end && is_digit(*q); q++, group++)
				num[n++] = *q;
			if (group != 3)
				return false;
			intdigits += group;
		}
	}
	if (q < end && *q == '.') {
		num[n++] = *q++;
		for (; q < end && is_digit(*q); q++, fracdigits++)
			num[n++] = *q;
	}
	if (intdigits + fracdigits == 0)
		return false;
	if (q < end && (*q == 'e' || *q == 'E')) {
		num[n++] = *q++;
		if (q < end && (*q == '-' || *q == '+'))
			num[n++] = *q++;
		if (q == end || !is_digit(*q))
			return false;
		for (; q < end && is_digit(*q); q++)
			num[n++] = *q;
	}
	if (q != end)
		return false;
	num[n] = '\0';

	if (decimal_exact(num, &v)) {
		*out = (neg || paren) ? -v : v;
		return true;
	}
	errno = 0;
	v = strtod(num, &ep);
	if (*ep != '\0' || !isfinite(v))
		return false;
	if (errno == ERANGE && v != 0)
		return false;
	*out = (neg || paren) ? -v : v;
	return true;
}

long
baseline_column(const struct baseline *b, const char *name)
{
	size_t	i;

	for (i = 0; i < b->ncols; i++) {
		if (strcmp(b->header[i], name) == 0)
			return (long)i;
	}
	return -1;
}

void
baseline_free(struct baseline *b)
{
	struct baseline_full	*full = (struct baseline_full *)b;
	size_t			 i;

	if (b == NULL)
		return;
	for (i = 0; i < b->ncols; i++)
		free(b->header[i]);
	free(b->header);
	free(b->type);
	free(b->text);
	free(b->num);
	free(b->line);
	free(b->path);
	free(full->arena);
	free(full);
}

struct baseline *
baseline_assemble(const struct baseline *fields, char *arena, bool bad)
{
	struct baseline_full	*full = xcalloc(1, sizeof *full);

	full->b = *fields;
	full->arena = arena;
	if (bad) {
		baseline_free(&full->b);
		return NULL;
	}
	return &full->b;
}

/* Report a zero byte or bytes that are not UTF-8 in one value. */
static int
check_bytes(struct loader *ld, const unsigned char *s, size_t n, size_t line,
    size_t col)
{
	size_t		bad;
	unsigned int	c;
	char		what[16];

	if (n > 0 && memchr(s, '\0', n) != NULL) {
		problem(ld, line, col, "this value contains a zero (NUL) byte, "
		    "which does not belong in a text file; the file may be "
		    "damaged or not a CSV: export it again as \"CSV UTF-8\"");
		return -1;
	}
	if ((bad = utf8_valid(s, n)) == n)
		return 0;
	c = s[bad];
	if (c == 0xa0)
		strcpy(what, "no-break space");
	else if (c > 0xa0)
		what[utf8_encode(what, c)] = '\0';
	else if (c >= 0x80 && baseline_cp1252[c - 0x80] != 0)
		what[utf8_encode(what, baseline_cp1252[c - 0x80])] = '\0';
	else
		what[0] = '\0';
	if (what[0] != '\0') {
		problem(ld, line, col, "byte 0x%02X is not UTF-8 text (in "
		    "Windows-1252 it is \"%s\"); the file looks like it was "
		    "saved as Windows-1252/Latin-1: save it again as "
		    "\"CSV UTF-8\"", c, what);
	} else {
		problem(ld, line, col, "byte 0x%02X is not UTF-8 text; the "
		    "file looks like it was saved as Windows-1252/Latin-1: "
		    "save it again as \"CSV UTF-8\"", c);
	}
	return -1;
}

static char *
trim_name(const char *s, size_t n)
{
	while (n > 0 && (*s == ' ' || (*s >= '\t' && *s <= '\r'))) {
		s++;
		n--;
	}
	while (n > 0 && (s[n - 1] == ' ' ||
	    (s[n - 1] >= '\t' && s[n - 1] <= '\r')))
		n--;
	return xstrndup(s, n);
}

/* libcsv field callback: one value of the current row. */
static void
loader_field(void *data, size_t n, void *arg)
{
	struct loader		*ld = arg;
	const unsigned char	*s = data;
	size_t			 line, col;

	if (ld->stop)
		return;
	line = ld->fstarted ? ld->fline : ld->line;
	col = ++ld->field;
	ld->fstarted = 0;
	if (col == 1) {
		ld->rowline = line;
		ld->rowblank = 1;
		ld->rowbad = 0;
		ld->rowmark = ld->arena.len;
	}
	if (n > 0)
		ld->rowblank = 0;
	if (check_bytes(ld, s, n, line, col) != 0)
		ld->rowbad = 1;

	if (!ld->haveheader) {
		if (ld->nhdr == BASELINE_MAXCOLS) {
			problem(ld, line, col, "the header has more than %zu "
			    "columns, more than lever holds; keep only the "
			    "columns the scenario uses", BASELINE_MAXCOLS);
			ld->stop = 1;
			return;
		}
		if (ld->nhdr == ld->hdrcap) {
			ld->hdrcap = ld->hdrcap == 0 ? 16 : ld->hdrcap * 2;
			ld->hdr = xreallocarray(ld->hdr, ld->hdrcap,
			    sizeof *ld->hdr);
			ld->hdrline = xreallocarray(ld->hdrline, ld->hdrcap,
			    sizeof *ld->hdrline);
		}
		ld->hdr[ld->nhdr] = trim_name((const char *)s, n);
		ld->hdrline[ld->nhdr++] = line;
		return;
	}
	if (col > ld->ncols) {
		if (col == ld->ncols + 1)
			ld->extraline = line;
		return;
	}
	if (missing_marker((const char *)s, n))
		ld->cell[col - 1] = 0;
	else {
		if (ld->arena.len + n + 1 > BASELINE_MAXTEXT) {
			problem(ld, line, col, "the baseline holds more than "
			    "%zu MB of text, more than lever holds; keep only "
			    "the columns the scenario uses, or split the file",
			    BASELINE_MAXTEXT >> 20);
			ld->stop = 1;
			return;
		}
		ld->cell[col - 1] = ld->arena.len + 1;
		buf_add(&ld->arena, s, n);
		ld->arena.len++;	/* keep the terminating NUL */
	}
}

/* Describe the header's columns briefly for a message. */
static char *
header_list(struct loader *ld)
{
	struct buf	b = { NULL, 0, 0 };
	char		tmp[64];
	size_t		i;

	for (i = 0; i < ld->nhdr && i < BASELINE_MAXNAMES; i++) {
		buf_printf(&b, "%s'%s'", i == 0 ? "" : ", ",
		    printable(tmp, sizeof tmp, ld->hdr[i], strlen(ld->hdr[i])));
	}
	if (ld->nhdr > BASELINE_MAXNAMES)
		buf_printf(&b, " and %zu more", ld->nhdr - BASELINE_MAXNAMES);
	if (b.data == NULL)
		buf_adds(&b, "no columns");
	return b.data;
}

static long
find_column(struct loader *ld, const char *name, const char *role)
{
	char	 tmp[64], *list;
	size_t	 i;

	for (i = 0; i < ld->nhdr; i++) {
		if (strcmp(ld->hdr[i], name) == 0)
			return (long)i;
	}
	list = header_list(ld);
	problem(ld, ld->hdrline[0], 1, "the scenario names column '%s' as the "
	    "%s, but the header row has no such column (it has %s); rename "
	    "the column in the file or change the scenario",
	    printable(tmp, sizeof tmp, name, strlen(name)), role, list);
	free(list);
	return -1;
}

/* Check the header row once it is complete: empty and repeated names. */
static void
loader_header(struct loader *ld)
{
	char	tmp[64];
	size_t	i, slot, cap = 16, *seen;

	ld->haveheader = 1;
	ld->ncols = ld->nhdr;
	while (cap < ld->nhdr * 2)
		cap *= 2;
	seen = xcalloc(cap, sizeof *seen);
	for (i = 0; i < ld->nhdr; i++) {
		if (ld->hdr[i][0] == '\0') {
			problem(ld, ld->hdrline[i], i + 1, "column %zu has no "
			    "name in the header row; give it a name, or delete "
			    "the column if it is not needed", i + 1);
			continue;
		}
		slot = fnv1a(ld->hdr[i]) & (cap - 1);
		while (seen[slot] != 0 && strcmp(ld->hdr[seen[slot] - 1],
		    ld->hdr[i]) != 0)
			slot = (slot + 1) & (cap - 1);
		if (seen[slot] == 0) {
			seen[slot] = i + 1;
			continue;
		}
		problem(ld, ld->hdrline[i], i + 1, "the column name '%s' is "
		    "used twice (also column %zu); give each column a "
		    "different name", printable(tmp, sizeof tmp, ld->hdr[i],
		    strlen(ld->hdr[i])), seen[slot]);
	}
	free(seen);
	ld->idcol = find_column(ld, ld->idname, "id");
	ld->namecol = find_column(ld, ld->namename, "name");
	ld->cell = xcalloc(ld->ncols, sizeof *ld->cell);
}


/* Look up the id of row ROW; add it and return 0 if new, else the row+1. */
static size_t
id_add(struct loader *ld, size_t row)
{
	const char	*id = ld->arena.data + ld->cells[row * ld->ncols +
			    (size_t)ld->idcol] - 1;
	size_t		 i, j, old, *tab, other;

	if (ld->nids * 2 >= ld->idcap) {
		old = ld->idcap;
		tab = ld->idtab;
		ld->idcap = old == 0 ? 64 : old * 2;
		ld->idtab = xcalloc(ld->idcap, sizeof *ld->idtab);
		ld->nids = 0;
		for (i = 0; i < old; i++) {
			if (tab[i] != 0)
				id_add(ld, tab[i] - 1);
		}
		free(tab);
	}
	j = fnv1a(id) & (ld->idcap - 1);
	while (ld->idtab[j] != 0) {
		other = ld->idtab[j] - 1;
		if (strcmp(id, ld->arena.data + ld->cells[other * ld->ncols +
		    (size_t)ld->idcol] - 1) == 0)
			return other + 1;
		j = (j + 1) & (ld->idcap - 1);
	}
	ld->idtab[j] = row + 1;
	ld->nids++;
	return 0;
}

/* libcsv row callback: the current row is complete. */
static void
loader_row(int c, void *arg)
{
	struct loader	*ld = arg;
	char		 tmp[64];
	size_t		 idc, first, row;
	const char	*id;

	(void)c;
	if (ld->stop || ld->field == 0)
		return;
	if (ld->rowblank) {
		if (!ld->haveheader) {
			while (ld->nhdr > 0)
				free(ld->hdr[--ld->nhdr]);
		}
		goto done;
	}
	if (!ld->haveheader) {
		loader_header(ld);
		goto done;
	}
	if (ld->field > ld->ncols) {
		problem(ld, ld->extraline, ld->ncols + 1, "this row has %zu "
		    "values but the header has %zu column%s; remove the extra "
		    "values, or put quotes around a value that contains %s",
		    ld->field, ld->ncols, ld->ncols == 1 ? "" : "s", ld->delim == '\t' ? "a tab" :
		    ld->delim == ';' ? "a semicolon" : ld->delim == ',' ?
		    "a comma" : "the delimiter");
		ld->rowbad = 1;
	} else if (ld->field < ld->ncols) {
		problem(ld, ld->rowline, ld->field + 1, "this row has %zu "
		    "value%s but the header has %zu columns; add the missing "
		    "values (leave a cell empty if it is unknown)", ld->field,
		    ld->field == 1 ? "" : "s", ld->ncols);
		ld->rowbad = 1;
	}
	if (ld->rowbad)
		goto done;
	if (ld->idcol >= 0 && ld->cell[ld->idcol] == 0) {
		problem(ld, ld->rowline, (size_t)ld->idcol + 1, "this row has "
		    "no id in column '%s'; fill in the area's id, or delete "
		    "the row", printable(tmp, sizeof tmp, ld->hdr[ld->idcol],
		    strlen(ld->hdr[ld->idcol])));
		goto done;
	}

	if ((ld->nrows + 1) * ld->ncols > BASELINE_MAXCELLS) {
		problem(ld, ld->rowline, 1, "the baseline is too large: %zu "
		    "rows of %zu columns are more than the %zu million values "
		    "lever holds (about %zu MB); keep only the columns the "
		    "scenario uses, or split the file", ld->nrows + 1,
		    ld->ncols, BASELINE_MAXCELLS >> 20,
		    BASELINE_MAXCELLS * 24 >> 20);
		ld->stop = 1;
		goto done;
	}
	if (ld->nrows == ld->rowcap) {
		ld->rowcap = ld->rowcap == 0 ? 64 : ld->rowcap * 2;
		/* never more room than the cap allows */
		if (ld->rowcap * ld->ncols > BASELINE_MAXCELLS)
			ld->rowcap = BASELINE_MAXCELLS / ld->ncols;
		ld->cells = xreallocarray(ld->cells, ld->rowcap,
		    ld->ncols * sizeof *ld->cells);
		ld->lines = xreallocarray(ld->lines, ld->rowcap,
		    sizeof *ld->lines);
	}
	row = ld->nrows;
	memcpy(ld->cells + row * ld->ncols, ld->cell,
	    ld->ncols * sizeof *ld->cell);
	ld->lines[row] = ld->rowline;
	if (ld->idcol >= 0 && (first = id_add(ld, row)) != 0) {
		idc = (size_t)ld->idcol;
		id = ld->arena.data + ld->cell[idc] - 1;
		problem(ld, ld->rowline, idc + 1, "the id '%s' is used again "
		    "(first on line %zu); each area must appear only once",
		    printable(tmp, sizeof tmp, id, strlen(id)),
		    ld->lines[first - 1]);
		goto done;
	}
	ld->nrows++;
	ld->field = 0;
	return;

done:
	if (ld->haveheader && ld->field > 0)
		ld->arena.len = ld->rowmark;
	ld->field = 0;
}

/* Feed N bytes to libcsv, cut after every delimiter, CR and LF. */
static void
loader_feed(struct loader *ld, struct csv_parser *p, const unsigned char *s,
    size_t n)
{
	size_t		start = 0, i;
	unsigned char	c;

	for (i = 0; i < n && !ld->stop; i++) {
		c = s[i];
		if (c != ld->delim && c != '\r' && c != '\n') {
			if (!ld->fstarted && c != ' ' && c != '\t') {
				ld->fstarted = 1;
				ld->fline = ld->line;
			}
			ld->prevcr = 0;
			continue;
		}
		if (csv_parse(p, s + start, i + 1 - start, loader_field,
		    loader_row, ld) != i + 1 - start)
			goto fail;
		start = i + 1;
		if (c == '\r') {
			ld->line++;
			ld->prevcr = 1;
		} else if (c == '\n') {
			if (!ld->prevcr)
				ld->line++;
			ld->prevcr = 0;
		} else
			ld->prevcr = 0;
		if (csv_get_buffer_size(p) > BASELINE_MAXCELL)
			goto toolong;
	}
	if (ld->stop || start == n)
		return;
	if (csv_parse(p, s + start, n - start, loader_field, loader_row,
	    ld) != n - start)
		goto fail;
	if (csv_get_buffer_size(p) > BASELINE_MAXCELL)
		goto toolong;
	return;

fail:
	problem(ld, ld->line, ld->field + 1, "the CSV reader failed: %s",
	    csv_strerror(csv_error(p)));
	ld->stop = 1;
	return;
toolong:
	problem(ld, ld->fstarted ? ld->fline : ld->line, ld->field + 1,
	    "this value is longer than %d bytes; a quote (\") is probably "
	    "not closed: check the quotes around it", BASELINE_MAXCELL);
	ld->stop = 1;
}

/* Pick the delimiter from the first line: the most common of , ; and tab. */
static unsigned char
detect_delimiter(const unsigned char *s, size_t n)
{
	size_t	comma = 0, semi = 0, tab = 0, i;
	int	quoted = 0;

	for (i = 0; i < n; i++) {
		if (s[i] == '"')
			quoted = !quoted;
		else if (quoted)
			continue;
		else if (s[i] == '\r' || s[i] == '\n')
			break;
		else if (s[i] == ',')
			comma++;
		else if (s[i] == ';')
			semi++;
		else if (s[i] == '\t')
			tab++;
	}
	if (tab > comma && tab > semi)
		return '\t';
	if (semi > comma)
		return ';';
	return ',';
}

/* True when the first bytes look like UTF-16: a BOM or every other byte 0. */
static int
looks_utf16(const unsigned char *s, size_t n)
{
	size_t	pairs = 0, half = 0, i;

	if (n >= 2 && ((s[0] == 0xff && s[1] == 0xfe) ||
	    (s[0] == 0xfe && s[1] == 0xff)))
		return 1;
	for (i = 0; i + 1 < n && i < 256; i += 2) {
		pairs++;
		if ((s[i] == 0) != (s[i + 1] == 0))
			half++;
	}
	return pairs > 0 && half >= 2 && half * 2 >= pairs;
}

static int
loader_open(struct loader *ld)
{
	struct stat	sb;
	int		fd, flags;

	if ((fd = open(ld->path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)) == -1) {
		problem(ld, 1, 1, "cannot open the file: %s; check its name "
		    "and that you are allowed to read it", strerror(errno));
		return -1;
	}
	if (fstat(fd, &sb) == -1) {
		problem(ld, 1, 1, "cannot read the file: %s", strerror(errno));
		close(fd);
		return -1;
	}
	if (S_ISDIR(sb.st_mode)) {
		problem(ld, 1, 1, "this is a folder, not a file; give the "
		    "name of the .csv file inside it");
		close(fd);
		return -1;
	}
	if (!S_ISREG(sb.st_mode)) {
		problem(ld, 1, 1, "this is not an ordinary file (it is a "
		    "pipe, device or socket); save the data to a .csv file "
		    "and load that");
		close(fd);
		return -1;
	}
	if ((flags = fcntl(fd, F_GETFL)) != -1)
		fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
	return fd;
}

/* Read the file through libcsv; return the number of bytes read. */
static size_t
loader_read(struct loader *ld, int fd, char delimiter)
{
	struct csv_parser	 p;
	unsigned char		*chunk, *s;
	ssize_t			 got;
	size_t			 total = 0, n;

	if (csv_init(&p, 0) != 0) {
		problem(ld, 1, 1, "out of memory starting the CSV reader");
		return 0;
	}
	csv_set_blk_size(&p, 4096);
	chunk = xmalloc(BASELINE_CHUNK);
	for (;;) {
		got = read(fd, chunk, BASELINE_CHUNK);
		if (got == -1 && errno == EINTR)
			continue;
		if (got == -1) {
			problem(ld, ld->line, 1, "reading the file failed: %s",
			    strerror(errno));
			ld->stop = 1;
			break;
		}
		if (got == 0)
			break;
		s = chunk;
		n = (size_t)got;
		if (total == 0) {
			if (looks_utf16(s, n)) {
				problem(ld, 1, 1, "the file is saved as "
				    "UTF-16 (\"Unicode text\"), which lever "
				    "cannot read; save it again as \"CSV "
				    "UTF-8\"");
				ld->stop = 1;
				total = n;
				break;
			}
			if (n >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0) {
				s += 3;
				n -= 3;
			}
			if (delimiter != 0)
				ld->delim = (unsigned char)delimiter;
			else
				ld->delim = detect_delimiter(s, n);
			csv_set_delim(&p, ld->delim);
		}
		total += (size_t)got;
		loader_feed(ld, &p, s, n);
		if (ld->stop)
			break;
	}
	if (!ld->stop && total > 0) {
		loader_feed(ld, &p, (const unsigned char *)"\n", 1);
		if (!ld->stop && ld->fstarted) {
			problem(ld, ld->fline, ld->field + 1, "a quoted value "
			    "starts here but its closing quote (\") is "
			    "missing, so the rest of the file was read as "
			    "part of it; add the closing quote");
			ld->stop = 1;
		}
		if (!ld->stop)
			csv_fini(&p, loader_field, loader_row, ld);
	}
	csv_free(&p);
	free(chunk);
	return total;
}

/* Turn the loaded cells into the typed table. */
static struct baseline *
loader_table(struct loader *ld)
{
	struct baseline_full	*full = xcalloc(1, sizeof *full);
	struct baseline		*b = &full->b;
	size_t			 r, c, ncells, off, seen;
	double			 v;
	int			 number;

	b->path = xstrdup(ld->path);
	b->delimiter = (char)ld->delim;
	b->nrows = ld->nrows;
	b->ncols = ld->ncols;
	b->header = ld->hdr;
	ld->hdr = NULL;
	ld->nhdr = 0;
	b->type = xcalloc(b->ncols, sizeof *b->type);
	ncells = b->nrows * b->ncols;
	b->text = xcalloc(ncells, sizeof *b->text);
	b->num = xcalloc(ncells, sizeof *b->num);
	b->line = ld->lines;
	ld->lines = NULL;
	b->id_col = (size_t)ld->idcol;
	b->name_col = (size_t)ld->namecol;
	full->arena = ld->arena.data;
	ld->arena.data = NULL;

	for (r = 0; r < ncells; r++) {
		off = ld->cells[r];
		b->text[r] = off == 0 ? NULL : full->arena + off - 1;
		b->num[r] = NAN;
	}
	for (c = 0; c < b->ncols; c++) {
		number = c != b->id_col && c != b->name_col;
		seen = 0;
		for (r = 0; number && r < b->nrows; r++) {
			if (b->text[r * b->ncols + c] == NULL)
				continue;
			seen++;
			if (!baseline_parse_number(b->text[r * b->ncols + c],
			    &v))
				number = 0;
		}
		b->type[c] = (number && seen > 0) ? COL_NUMBER : COL_TEXT;
		if (b->type[c] != COL_NUMBER)
			continue;
		for (r = 0; r < b->nrows; r++) {
			if (b->text[r * b->ncols + c] != NULL)
				baseline_parse_number(
				    b->text[r * b->ncols + c],
				    &b->num[r * b->ncols + c]);
		}
	}
	return b;
}

static void
loader_free(struct loader *ld)
{
	size_t	i;

	for (i = 0; i < ld->nhdr; i++)
		free(ld->hdr[i]);
	free(ld->hdr);
	free(ld->hdrline);
	free(ld->cell);
	free(ld->cells);
	free(ld->lines);
	free(ld->idtab);
	buf_free(&ld->arena);
}

struct baseline *
baseline_load(const char *path, const struct baseline_opts *opts,
    struct diag *d)
{
	struct loader	 ld;
	struct baseline	*b = NULL;
	struct file_stamp before, after;
	size_t		 total;
	int		 fd;
	char		 delimiter = opts != NULL ? opts->delimiter : 0;

	memset(&ld, 0, sizeof ld);
	ld.path = path;
	ld.diag = d;
	ld.idname = (opts != NULL && opts->id != NULL) ? opts->id : "id";
	ld.namename = (opts != NULL && opts->name != NULL) ? opts->name :
	    "name";
	ld.line = 1;
	ld.delim = ',';
	ld.idcol = ld.namecol = -1;

	if (delimiter == '"' || delimiter == '\r' || delimiter == '\n' ||
	    delimiter == ' ') {
		problem(&ld, 1, 1, "a %s cannot separate values; use a comma, "
		    "a semicolon or a tab", delimiter == '"' ? "quote" :
		    delimiter == ' ' ? "space" : "line break");
		return NULL;
	}
	if ((fd = loader_open(&ld)) == -1)
		return NULL;
	file_stamp_fd(fd, &before);
	total = loader_read(&ld, fd, delimiter);
	if (!ld.stop)
		file_stamp_fd(fd, &after);
	if (!ld.stop && (!after.ok || !file_stamp_same(&before, &after) ||
	    (off_t)total != after.size)) {
		problem(&ld, 1, 1, "the file changed while it was being read "
		    "(is it still being saved or copied?); wait until it is "
		    "complete and load it again");
		ld.stop = true;
	}
	close(fd);

	if (ld.stop)
		;
	else if (total == 0)
		problem(&ld, 1, 1, "the file is empty; export the table again "
		    "with a header row and one row per area");
	else if (!ld.haveheader)
		problem(&ld, 1, 1, "the file has no header row, only blank "
		    "lines; export the table again with a header row and one "
		    "row per area");
	else if (ld.nrows == 0 && ld.nproblems == 0)
		problem(&ld, ld.hdrline[0], 1, "the file has a header row but "
		    "no rows of data; add one row per area below the header");

	if (ld.nproblems > BASELINE_MAXPROBLEMS) {
		diag_add(d, "%s:%zu:%zu: %zu more problems, the first of them "
		    "here; fix the ones above and load the file again", path,
		    ld.more_line, ld.more_col,
		    ld.nproblems - BASELINE_MAXPROBLEMS);
	}
	if (ld.nproblems == 0)
		b = loader_table(&ld);
	loader_free(&ld);
	return b;
}
