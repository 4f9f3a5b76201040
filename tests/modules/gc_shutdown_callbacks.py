# gc.callbacks at exit: CPython's first shutdown collection (run only when
# the collector is enabled) calls them; the later ones do not. Nothing is
# reported for gc.garbage without DEBUG_UNCOLLECTABLE.
import gc

def cb(phase, info):
    print("at exit:", phase, info["generation"])

class Finalized:
    def __del__(self):
        print("__del__ of a cycle left at exit")

f = Finalized()
f.me = f
del f
gc.garbage.append("left over")
gc.callbacks.append(cb)
print("exiting")
