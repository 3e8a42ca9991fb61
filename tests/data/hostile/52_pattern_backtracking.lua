-- attack: a pattern that backtracks for hours inside one C call, where no hook fires.
-- expect: the wall-clock watchdog (--timeout) kills the worker with the time-limit message.
return { x = string.rep("a", 1e5):find(".-.-.-.-.-.-.-b") or 1 }
