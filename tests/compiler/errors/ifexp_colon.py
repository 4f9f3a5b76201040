[a if b: 1]
