-- nuisance: terminal escape sequences in an error message. expect: an ordinary error (not filtered: see doc/security.md).
error("\27[2J\27]0;owned\7 boom")
