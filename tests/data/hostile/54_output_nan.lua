-- bad value: NaN as an output. expect: message naming the output, the area and the year.
return { x = 0/0 }
