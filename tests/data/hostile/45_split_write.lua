-- attack: change one part of a split lever. expect: read-only message.
L.pot.skills = 99
return { x = L.pot.skills }
