/*
 * SHA-256 against the examples of FIPS 180-4 (NIST's "SHA256.pdf",
 * "SHA2_Additional.pdf"): one block, two blocks, a million 'a', and
 * lengths around the padding boundary fed in pieces.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sha256.h"

#include "check.h"

static void
check_hex(const char *msg, size_t len, const char *want)
{
	char	hex[65];

	sha256_hex(msg, len, hex);
	if (strcmp(hex, want) != 0) {
		fprintf(stderr, "sha256 of %zu bytes: %s, want %s\n", len, hex,
		    want);
		failures++;
	}
}

int
main(void)
{
	struct sha256	 s;
	unsigned char	 d[32];
	char		*m;
	static const char *const two = "abcdbcdecdefdefgefghfghighijhijk"
	    "ijkljklmklmnlmnomnopnopq";

	check_hex("abc", 3, "ba7816bf8f01cfea414140de5dae2223"
	    "b00361a396177a9cb410ff61f20015ad");
	check_hex("", 0, "e3b0c44298fc1c149afbf4c8996fb924"
	    "27ae41e4649b934ca495991b7852b855");
	check_hex(two, strlen(two), "248d6a61d20638b8e5c026930c3e6039"
	    "a33ce45964ff2167f6ecedd419db06c1");
	check_hex("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmn"
	    "hijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu", 112,
	    "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
	/* a million 'a', fed in uneven pieces */
	m = malloc(1000000);
	memset(m, 'a', 1000000);
	check_hex(m, 1000000, "cdc76e5c9914fb9281a1c7e284d73e67"
	    "f1809a48a497200e046d39ccc7112cd0");
	sha256_init(&s);
	for (size_t off = 0, n = 1; off < 1000000; off += n, n = n * 7 % 997 + 1)
		sha256_add(&s, m + off, off + n > 1000000 ? 1000000 - off : n);
	sha256_done(&s, d);
	CHECK(d[0] == 0xcd && d[1] == 0xc7 && d[31] == 0xd0);
	/* 55, 56 and 64 bytes: where the length field crosses a block */
	check_hex(m, 55, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318");
	check_hex(m, 56, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a");
	check_hex(m, 64, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb");
	free(m);
	/* files: a regular one, and not a directory or a device */
	{
		char	path[] = "/tmp/lever-sha256.XXXXXX", hex[65];
		int	fd = mkstemp(path);

		CHECK(fd != -1 && write(fd, "abc", 3) == 3);
		close(fd);
		CHECK(sha256_file(path, hex) == 0 && strcmp(hex,
		    "ba7816bf8f01cfea414140de5dae2223"
		    "b00361a396177a9cb410ff61f20015ad") == 0);
		unlink(path);
		CHECK(sha256_file("/tmp", hex) == -1);
		CHECK(sha256_file("/dev/zero", hex) == -1);
	}
	return failures == 0 ? 0 : 1;
}
