# An unhandled RecursionError in __del__ is reported ("Exception ignored
# in") and not propagated. The traceback's "[Previous line repeated 995
# more times]" checks the finalizer's depth: calling a Python __del__ from
# C counts no level besides its frame, as CPython's slot_tp_finalize
# (ouro once counted one more and said 994: src/objects/slots.c).
class Unhandled:
    def __del__(self):
        def r(n): return r(n + 1)
        r(0)
u = Unhandled()
try:
    del u            # the RecursionError is reported, not propagated
except RecursionError:
    print("never")
print("unhandled recursion in __del__ did not propagate")

print("end")
