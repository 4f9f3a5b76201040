# error case (assert multiline): stderr and exit status as CPython's
x=0
if True:
    assert (x or
       x)
