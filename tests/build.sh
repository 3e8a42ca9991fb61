#!/bin/sh
# The build: an uninstalled lever finds the default scenario beside its
# binary; a copy of it elsewhere does not find the source tree (no path of
# the build or source tree is compiled in). The layer fences (Makefile.am)
# are checked by the build itself.
# Needs LEVER, top_srcdir, top_builddir and pkgdatadir.
set -u
. "${top_srcdir:?}/tests/scenario-lib.sh"
workdir build
# Without a terminal lever stops after finding and loading its scenario,
# so the message says whether the default was found.
"$LEVER" </dev/null >"$T/here.out" 2>&1
grep -q 'needs a terminal' "$T/here.out" ||
    fail "the uninstalled lever does not find its default scenario: $(cat "$T/here.out")"

cp "$LEVER" "$T/lever"
if [ -e "$pkgdatadir/scenarios/business_rates.lua" ]; then
	echo "lever is installed in $pkgdatadir: the copy would find it there"
else
	"$T/lever" </dev/null >"$T/copy.out" 2>&1
	grep -q 'default scenario is not installed' "$T/copy.out" ||
	    fail "a copy of lever outside the tree finds a default scenario: $(cat "$T/copy.out")"
fi

# The program's constant data holds neither tree's path (debug information
# may, as it names the sources).
if command -v objcopy >/dev/null 2>&1; then
	objcopy -O binary --only-section=.rodata "$LEVER" "$T/rodata"
	for dir in "$top_srcdir" "$top_builddir"; do
		! grep -qaF "$dir" "$T/rodata" ||
		    fail "lever's constant data holds the path $dir"
	done
fi

finish
