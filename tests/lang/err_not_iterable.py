# error case (not iterable): stderr and exit status as CPython's
for x in 5:
    pass
