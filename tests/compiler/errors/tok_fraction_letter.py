x = 5.x
