# With the collector disabled at exit, CPython skips the shutdown collection
# that calls gc.callbacks; the later ones still free the cycles.
import gc

def cb(phase, info):
    print("never called:", phase)

class Finalized:
    def __del__(self):
        print("__del__ still runs")

f = Finalized()
f.me = f
del f
gc.callbacks.append(cb)
gc.disable()
print("exiting")
