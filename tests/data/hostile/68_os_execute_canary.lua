-- attack: run a shell command that creates a file. expect: 'os' absent, nothing created.
os.execute("touch CANARY")
return { x = 1 }
