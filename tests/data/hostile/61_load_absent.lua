-- attack: load text or bytecode at run time. expect: load absent.
return { x = load("return 1")() }
