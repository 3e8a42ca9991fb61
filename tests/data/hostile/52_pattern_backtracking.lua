-- attack: a pattern that backtracks for hours inside one C call, where no hook fires.
-- expect: the matcher counts its steps against the instruction budget and stops there.
return { x = string.rep("a", 1e5):find(".-.-.-.-.-.-.-b") or 1 }
