if x:
	  y
        z
