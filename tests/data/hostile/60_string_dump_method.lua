-- attack: string.dump through the string methods (the real string table). expect: dump absent there too.
return { x = #(("").dump(project)) }
