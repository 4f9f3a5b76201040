# error case (syntax incomplete): stderr and exit status as CPython's
x = 1 +
