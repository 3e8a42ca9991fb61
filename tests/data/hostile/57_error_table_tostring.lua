-- error object that is a table with a friendly __tostring. expect: the host never calls __tostring,
-- reports the type and the line.
error(setmetatable({}, { __tostring = function() return "pretty" end }))
