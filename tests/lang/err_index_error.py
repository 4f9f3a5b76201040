# error case (index error): stderr and exit status as CPython's
t = (1, 2)
v = t[5]
