# error case (assert): stderr and exit status as CPython's
assert 1 == 2, "numbers differ"
