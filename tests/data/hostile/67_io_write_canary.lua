-- attack: write a file on the server. CANARY is replaced by the test with a path outside its
-- temporary folder. expect: 'io' absent, nothing created.
io.open("CANARY", "w"):write("pwned")
return { x = 1 }
