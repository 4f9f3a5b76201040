# An unhandled RecursionError in __del__ is reported ("Exception ignored
# in") and not propagated. XFAIL (xfail.txt): ouro's traceback says
# "[Previous line repeated 994 more times]" where CPython says 995: the
# finalizer's call through C counts one level more than CPython's
# slot_tp_finalize (which does not count a C level for a Python function).
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
