# error case (global after assign): stderr and exit status as CPython's
def f():
    x = 1
    global x
