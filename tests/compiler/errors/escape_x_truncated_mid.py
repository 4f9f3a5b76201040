x = 'ab\x1g'
