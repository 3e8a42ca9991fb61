/*
 * file: the few things lever does with whole files, each done one way:
 * a stamp to notice that a file changed on disk, reading the rest of a
 * file into memory with a cap, and writing a file whole or not at all.
 */
#ifndef LEVER_FILE_H
#define LEVER_FILE_H

#include <sys/types.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <time.h>

/* What changes when a file is edited, replaced or rewritten in place. */
struct file_stamp {
	bool		ok;		/* the file was there */
	dev_t		dev;
	ino_t		ino;
	off_t		size;
	struct timespec	mtime;
	struct timespec	ctime;
};
/* The stamp of PATH (of FD); ok is false when it cannot be had. */
void	 file_stamp(const char *path, struct file_stamp *);
void	 file_stamp_fd(int fd, struct file_stamp *);
bool	 file_stamp_same(const struct file_stamp *,
	    const struct file_stamp *);

/*
 * The rest of F in memory, NUL-terminated, its length in *LEN; NULL with
 * errno set: EFBIG past MAX bytes (0: no cap), EIO when reading failed.
 */
char	*file_read_all(FILE *f, size_t max, size_t *len);

/*
 * Write PATH whole or not at all: FILL writes into a new file beside it,
 * which is flushed, synced and renamed over PATH, and then the folder is
 * synced so that the rename outlasts a crash. The new file gets mode PERM,
 * or with FILE_KEEP_MODE the mode and group of the file it replaces (a new
 * one 0666 less the umask). FILL returns -1 when it failed; an error on F
 * counts too. Returns 0; FILE_NOT_MADE when the new file could not be made
 * (nothing was tried); FILE_NOT_WRITTEN when writing it failed. Either way
 * errno says why and PATH is as it was.
 */
#define FILE_KEEP_MODE		(-1)
#define FILE_NOT_MADE		(-1)
#define FILE_NOT_WRITTEN	(-2)
int	 file_write_atomic(const char *path, int perm,
	    int (*fill)(FILE *, void *), void *arg);
/* The same with LEN bytes of DATA. */
int	 file_write_data(const char *path, int perm, const void *data,
	    size_t len);

#endif
