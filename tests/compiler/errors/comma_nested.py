f(a, [b c])
