# error case (free variable): stderr and exit status as CPython's
def outer():
    def inner():
        return v
    r = inner()
    v = 1
    return r
outer()
