-- bad value: infinity as an output. expect: message naming the output, the area and the year.
return { x = 1/0 }
