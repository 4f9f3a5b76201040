if x:
    y
   z
