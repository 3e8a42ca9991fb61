-- attack: string.rep("", 1e18) loops 1e18 times inside one C call, allocating nothing.
-- expect: charged to the instruction budget before it starts.
return { x = #string.rep("", 1e18) }
