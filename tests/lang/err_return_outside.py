# error case (return outside): stderr and exit status as CPython's
return 5
