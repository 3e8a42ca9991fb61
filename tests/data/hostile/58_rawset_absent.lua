-- attack: rawset around a read-only proxy. expect: rawset absent.
rawset(L, "x", 99)
return { x = 1 }
