-- error thrown from settle. expect: message with the line, "in settle" and the year.
error("redistribution failed")
