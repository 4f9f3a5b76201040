# error case (sys exit): stderr and exit status as CPython's
import sys
print("before")
sys.exit(3)
