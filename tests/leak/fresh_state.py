# Run by tests/leakcheck.sh under -X leakcheck=N, where its stdout must be
# this script's normal stdout N times: each run must find a fresh
# __main__ and the gc module's state and sys.stdout as at start-up, although
# every run changes them all.
import gc
import sys

print("globals left from a previous run:", "leftover" in globals())
leftover = [1, 2, 3]
print("gc:", gc.isenabled(), gc.get_debug(), gc.get_threshold(), gc.get_freeze_count(),
      len(gc.callbacks), len(gc.garbage))

gc.disable()
gc.set_debug(gc.DEBUG_SAVEALL)
gc.set_threshold(5, 2, 1)
gc.freeze()
gc.callbacks.append(lambda phase, info: None)


class Cycle:
    pass


c = Cycle()
c.me = c
del c
gc.collect()
print("saved in gc.garbage:", len(gc.garbage) > 0)


class Sink:
    def write(self, s):
        return len(s)

    def flush(self):
        pass


sys.stdout = Sink()
print("swallowed")
