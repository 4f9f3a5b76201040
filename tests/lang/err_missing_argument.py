# error case (missing argument): stderr and exit status as CPython's
def f():
    return 1
    
def g(a, b):
    pass
g(1)
