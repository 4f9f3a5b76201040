# RecursionError inside finalizers: a __del__ that recurses without end, one
# that runs when the stack is nearly full, and 100,000 finalizers each
# creating (and so destroying) the next from inside the previous one.
import sys

class D:
    def __del__(self):
        def r(n): return r(n + 1)
        try:
            r(0)
        except RecursionError as e:
            print("in __del__:", e)
D()
print("after recursive __del__")

n = 0
class Chain:
    def __del__(self):
        global n
        n += 1
        if n < 100000:
            Chain()
Chain()
print("chain of finalizers", n)

def deep(k):
    if k == 0:
        class X:
            def __del__(self):
                try:
                    deep(10)
                    print("X.__del__ near the limit")
                except RecursionError:
                    print("X.__del__ hit the limit")
        X()
        return
    deep(k - 1)
deep(sys.getrecursionlimit() - 50)
print("done")
