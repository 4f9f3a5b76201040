# error case (finally then raise): stderr and exit status as CPython's
try:
    raise KeyError("a")
finally:
    print("cleanup")
