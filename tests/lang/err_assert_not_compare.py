# error case (assert not compare): stderr and exit status as CPython's
x = 0
assert not x == 0
