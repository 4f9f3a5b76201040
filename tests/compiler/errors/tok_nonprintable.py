a = b c
