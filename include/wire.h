/*
 * wire: the messages a worker sends its parent over a pipe (and the
 * workers of a crew each other), and the settings a warm worker is sent
 * for each recompute. Each message is a type byte, a 32-bit length and a
 * payload; scenarios are flattened to strings, numbers and counts. The
 * reader trusts nothing: every read is bounds-checked and a short or
 * malformed message is an error.
 */
#ifndef LEVER_WIRE_H
#define LEVER_WIRE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct baseline;
struct buf;
struct results;
struct scenario;
struct settings;

enum wire_type {
	WIRE_SCENARIO = 'S',	/* the declarations */
	WIRE_PROBLEM = 'E',	/* one formatted problem */
	WIRE_DONE = 'D',	/* the worker finished */
	/* between the workers of a crew */
	WIRE_STATES = 'M',	/* the rules' own (rules-project.c) */
	WIRE_REPORT = 'R'	/* a worker's outcome, to worker 0 */
};

#define WIRE_HEADER	5	/* a message's type byte and 32-bit length */
/*
 * The longest payload wire_read() takes and wire_write() sends: a header
 * announcing more is refused before anything is allocated. The largest
 * real message is a crew's settle states: measured at 4.8 MB from each of
 * two workers for 34,000 areas of 20 numbers each; the results of those
 * areas over 10 years would be 55 MB (34,000 x 10 x 20 x 8 bytes). 256 MiB
 * leaves room for several times either.
 */
#define WIRE_MAX	(256u << 20)

void	 wire_message(struct buf *, enum wire_type, const void *, size_t);
/*
 * Write one message to FD, all of it; -1 when the reader is gone, or with
 * errno EMSGSIZE when LEN is over WIRE_MAX.
 */
int	 wire_write(int fd, enum wire_type, const void *, size_t);
/*
 * Read one whole message from FD (blocking) into B, its payload followed
 * by a NUL not counted in B->len; -1 at end of file or on an error, with
 * errno EMSGSIZE when the header announces more than WIRE_MAX.
 */
int	 wire_read(int fd, enum wire_type *, struct buf *);
void	 wire_put_scenario(struct buf *, const struct scenario *);
/* Lever and assumption values, for a worker that already has SC. */
void	 wire_put_settings(struct buf *, const struct scenario *,
	    const struct settings *);

/* The pieces, for other messages built the same way (seat.h). */
void	 wire_put_u32(struct buf *, uint32_t);
void	 wire_put_f64(struct buf *, double);
void	 wire_put_str(struct buf *, const char *);	/* NULL kept */
void	 wire_put_baseline(struct buf *, const struct baseline *);
void	 wire_put_results(struct buf *, const struct results *);

struct wire_reader {
	const unsigned char	*p;
	size_t			 len;
	bool			 bad;
};

/* Copy the next N bytes to OUT; false (and bad set) when there are fewer. */
bool	 wire_get(struct wire_reader *, void *out, size_t n);
/*
 * The payload length the next message announces, whole or not yet; false
 * until its header is in. A reader can refuse a message too large to wait
 * for.
 */
bool	 wire_peek_len(const struct wire_reader *, uint32_t *len);
/* Split off the next complete message; false when none is complete. */
bool	 wire_next(struct wire_reader *, enum wire_type *,
	    struct wire_reader *payload);
struct scenario *wire_get_scenario(struct wire_reader *);
/* NULL if the data is short, left over or out of SC's ranges. */
struct settings	*wire_get_settings(struct wire_reader *,
		    const struct scenario *);
/* The same with their length in front, as they travel inside a message. */
void		 wire_put_settings_sized(struct buf *, const struct scenario *,
		    const struct settings *);
struct settings	*wire_get_settings_sized(struct wire_reader *,
		    const struct scenario *);

uint32_t	 wire_get_u32(struct wire_reader *);
double		 wire_get_f64(struct wire_reader *);
char		*wire_get_str(struct wire_reader *);
/* A count of items of at least MIN bytes each, bounded by what is left. */
size_t		 wire_get_count(struct wire_reader *, size_t min);
/* NULL when the table is short, inconsistent or points outside itself. */
struct baseline	*wire_get_baseline(struct wire_reader *);
/* Results of exactly the given shape; NULL otherwise. */
struct results	*wire_get_results(struct wire_reader *, size_t nareas,
		    size_t nyears, size_t noutputs);

#endif
