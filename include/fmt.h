/*
 * fmt: numbers as text. fmt_double writes the text lever has always
 * written for a double: printf's %.15g if that reads back as the same
 * double, else %.16g if that does, else %.17g ("-0", "inf", "nan" and
 * exponent form exactly as printf writes them). It gets there by exact
 * integer arithmetic instead of up to three printf and strtod calls, and
 * calls them only for the rare value whose digits it cannot settle.
 */
#ifndef LEVER_FMT_H
#define LEVER_FMT_H

#include <stddef.h>

/* The text of V, as above, into OUT (LEN bytes, truncated as snprintf). */
char	*fmt_double(char *out, size_t len, double v);

/*
 * The same text into OUT (FMT_FAST_LEN bytes) and its length, or 0 when
 * the arithmetic alone cannot settle it (not finite, a tie, a digit string
 * exactly on the edge of V's rounding interval), so fmt_double asks printf.
 */
#define FMT_FAST_LEN 32
size_t	 fmt_fast(char *out, double v);

#endif
