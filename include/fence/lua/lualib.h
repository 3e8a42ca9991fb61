/*
 * A fence: every module but the rules (src/rules*.c, with pattern.c) is
 * compiled with this folder on its include path, so including Lua there
 * stops the build. Lua runs only in worker processes, behind the rules
 * module.
 */
#error "only the rules module (src/rules*.c) may include Lua (see Makefile.am: layers)"
