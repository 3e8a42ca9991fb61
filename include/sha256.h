/*
 * sha256: SHA-256 (FIPS 180-4) of bytes and of files, for the hashes a
 * report's footer and a sweep's header carry so that anyone can check
 * they have the same scenario and baseline.
 */
#ifndef LEVER_SHA256_H
#define LEVER_SHA256_H

#include <stddef.h>
#include <stdint.h>

struct sha256 {
	uint32_t	h[8];
	uint64_t	len;		/* bytes so far */
	unsigned char	block[64];
	size_t		nblock;
};

void	sha256_init(struct sha256 *);
void	sha256_add(struct sha256 *, const void *, size_t);
/* Finish: 32 bytes into OUT. */
void	sha256_done(struct sha256 *, unsigned char out[32]);
/* The 64 lowercase hex digits of the hash of BUF, into HEX (65 bytes). */
void	sha256_hex(const void *buf, size_t len, char hex[65]);
/* The same for the regular file PATH; -1 (errno set) if it cannot be
 * read or is not a regular file (EINVAL). */
int	sha256_file(const char *path, char hex[65]);

#endif
