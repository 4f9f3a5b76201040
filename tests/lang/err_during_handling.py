# error case (during handling): stderr and exit status as CPython's
try:
    1 // 0
except ZeroDivisionError:
    raise ValueError("bad value")
