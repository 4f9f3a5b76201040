# error case (unbound local): stderr and exit status as CPython's
def bump():
    counter = counter + 1
bump()
