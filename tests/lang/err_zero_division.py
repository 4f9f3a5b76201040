# error case (zero division): stderr and exit status as CPython's
try:
    1 // 0
except ZeroDivisionError as e:
    print("caught", e)
x = 1
x // 0
