if x:
    y
else:
