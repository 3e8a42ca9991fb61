-- attack: table.move over 1e15 places loops inside one C call (each place is nil: no memory).
-- expect: charged to the instruction budget before it starts.
return { x = #table.move({}, 1, 1e15, 2) }
