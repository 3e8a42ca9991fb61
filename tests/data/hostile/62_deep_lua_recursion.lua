-- attack: ten million deep non-tail recursion. expect: "stack overflow" Lua error.
local function f(n) if n == 0 then return 0 end return 1 + f(n - 1) end
return { x = f(1e7) }
