-- attack: change an assumption. expect: read-only message naming A.
A.y = 99
return { x = A.y }
