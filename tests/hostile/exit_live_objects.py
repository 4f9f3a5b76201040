# Interpreter exit with live cycles (with finalizers), an uncollected
# cyclic garbage with a finalizer (collection disabled), live weak
# references with callbacks, a finalizer that resurrects its object and one
# that uses a module: the finalizers run at exit as in CPython, the weakref
# callbacks do not.
import gc, weakref, sys
class Fin:
    def __init__(self, name): self.name = name
    def __del__(self): print("fin", self.name)
# live cycle with finalizers, reachable from a global
a = Fin("cycle-a"); b = Fin("cycle-b"); a.o = b; b.o = a
# unreachable cycle with finalizer, not yet collected
gc.disable()
c = Fin("garbage-c"); c.me = c; del c
# a live object with a weakref callback
class T: pass
t = T()
w = weakref.ref(t, lambda r: print("weakref callback at exit"))
# callback on a cycle member
u = T(); u.me = u
wu = weakref.ref(u, lambda r: print("cycle weakref callback"))
del u
# finalizer that resurrects itself at exit
keep = []
class Res:
    def __del__(self):
        print("resurrect at exit")
        keep.append(self)
r = Res()
# finalizer that prints using a module at exit
class UsesModule:
    def __del__(self):
        print("uses sys", sys is not None)
um = UsesModule()
print("end of script")
