# error case (attribute): stderr and exit status as CPython's
class A:
    pass
a = A()
print(a.missing)
