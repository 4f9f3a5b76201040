# error case (recursion): stderr and exit status as CPython's
def f(n):
    return f(n + 1)
f(0)
