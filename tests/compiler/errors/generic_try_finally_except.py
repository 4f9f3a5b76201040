try:
    x
finally:
    y
except:
    z
