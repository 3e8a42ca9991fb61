/* file: stamps, whole reads and whole-or-nothing writes (file.h). */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "file.h"
#include "util.h"

static void
stamp_of(const struct stat *sb, struct file_stamp *fs)
{
	fs->ok = true;
	fs->dev = sb->st_dev;
	fs->ino = sb->st_ino;
	fs->size = sb->st_size;
	fs->mtime = sb->st_mtim;
	fs->ctime = sb->st_ctim;
}

void
file_stamp(const char *path, struct file_stamp *fs)
{
	struct stat	sb;

	memset(fs, 0, sizeof *fs);
	if (path != NULL && stat(path, &sb) == 0)
		stamp_of(&sb, fs);
}

void
file_stamp_fd(int fd, struct file_stamp *fs)
{
	struct stat	sb;

	memset(fs, 0, sizeof *fs);
	if (fstat(fd, &sb) == 0)
		stamp_of(&sb, fs);
}

bool
file_stamp_same(const struct file_stamp *a, const struct file_stamp *b)
{
	return a->ok == b->ok && a->dev == b->dev && a->ino == b->ino &&
	    a->size == b->size &&
	    a->mtime.tv_sec == b->mtime.tv_sec &&
	    a->mtime.tv_nsec == b->mtime.tv_nsec &&
	    a->ctime.tv_sec == b->ctime.tv_sec &&
	    a->ctime.tv_nsec == b->ctime.tv_nsec;
}

char *
file_read_all(FILE *f, size_t max, size_t *len)
{
	struct buf	 b = { 0 };
	char		 chunk[65536];
	size_t		 n;

	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
		buf_add(&b, chunk, n);
		if (max > 0 && b.len > max) {
			buf_free(&b);
			errno = EFBIG;
			return NULL;
		}
	}
	if (ferror(f)) {
		buf_free(&b);
		errno = EIO;
		return NULL;
	}
	buf_add(&b, "", 0);		/* a buf ends in a NUL */
	*len = b.len;
	return b.data;
}

/*
 * Sync the folder that holds PATH, so that a rename into it lasts. By now
 * the new file is in place: a failure here cannot undo that, and is not
 * reported as if nothing had been written.
 */
static void
sync_folder(const char *path)
{
	char	*copy = xstrdup(path);
	int	 fd;

	if ((fd = open(dirname(copy), O_RDONLY | O_DIRECTORY |
	    O_CLOEXEC)) != -1) {
		(void)fsync(fd);
		close(fd);
	}
	free(copy);
}

int
file_write_atomic(const char *path, int perm, int (*fill)(FILE *, void *),
    void *arg)
{
	struct stat	 sb;
	char		*tmp;
	FILE		*f;
	mode_t		 mask;
	bool		 have = stat(path, &sb) == 0 && S_ISREG(sb.st_mode);
	int		 fd, saved;

	tmp = xasprintf("%s.XXXXXX", path);
	if ((fd = mkstemp(tmp)) == -1) {
		saved = errno;
		free(tmp);
		errno = saved;
		return FILE_NOT_MADE;
	}
	if (perm == FILE_KEEP_MODE && have) {
		if (sb.st_gid != getegid())
			(void)!fchown(fd, (uid_t)-1, sb.st_gid);
		fchmod(fd, sb.st_mode & 07777);
	} else if (perm == FILE_KEEP_MODE) {
		mask = umask(0);
		umask(mask);
		fchmod(fd, 0666 & ~mask);
	} else
		fchmod(fd, (mode_t)perm);
	if ((f = fdopen(fd, "w")) == NULL) {
		close(fd);
		goto fail;
	}
	/* close the file whatever failed: a session saves per change */
	errno = 0;
	if (fill(f, arg) == -1 || fflush(f) == EOF || ferror(f) ||
	    fsync(fd) == -1) {
		saved = errno != 0 ? errno : EIO;
		fclose(f);
		errno = saved;
		goto fail;
	}
	if (fclose(f) == EOF || rename(tmp, path) == -1)
		goto fail;
	sync_folder(path);
	free(tmp);
	return 0;
fail:
	saved = errno;
	unlink(tmp);
	free(tmp);
	errno = saved;
	return FILE_NOT_WRITTEN;
}

struct data {
	const void	*p;
	size_t		 len;
};

static int
fill_data(FILE *f, void *arg)
{
	const struct data	*d = arg;

	return fwrite(d->p, 1, d->len, f) == d->len ? 0 : -1;
}

int
file_write_data(const char *path, int perm, const void *data, size_t len)
{
	struct data	d = { data, len };

	return file_write_atomic(path, perm, fill_data, &d);
}
