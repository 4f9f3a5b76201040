x = b'a' b'b' 'c'
