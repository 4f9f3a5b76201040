(a, b for x in y)
