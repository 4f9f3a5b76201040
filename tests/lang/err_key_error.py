# error case (key error): stderr and exit status as CPython's
d = {"a": 1}
print(d["b"])
