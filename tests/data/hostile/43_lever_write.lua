-- attack: change a lever value for the areas that come later. expect: read-only message naming L.
L.x = 99
return { x = L.x }
