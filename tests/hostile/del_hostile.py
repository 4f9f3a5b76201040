# __del__ that resurrects its object, raises, calls gc.collect() (also
# while the collector is running on its own cycle), or drops other objects;
# finalizers in cycles that resurrect. Tracebacks go to stderr
# ("Exception ignored in"; run.sh masks the addresses).
import gc, sys
saved = []
class Resurrect:
    def __init__(self, name): self.name = name
    def __del__(self):
        print("del", self.name)
        saved.append(self)
r = Resurrect("a")
del r
print("saved", [x.name for x in saved])
saved.clear()
print("cleared (no second __del__)")
class Raiser:
    def __del__(self):
        raise ValueError("from __del__")
class Collector:
    def __del__(self):
        print("collect in __del__ ->", gc.collect() >= 0)
c = Collector(); del c
class Dropper:
    def __init__(self, others): self.others = others
    def __del__(self):
        print("dropping", len(self.others))
        self.others.clear()
class Loud:
    def __init__(self, i): self.i = i
    def __del__(self): print("loud", self.i)
d = Dropper([Loud(1), Loud(2)]); del d
# cycle with finalizers that resurrect and drop
class Cyc:
    def __init__(self, name): self.name = name
    def __del__(self):
        print("cyc del", self.name)
        self.other = None
        saved.append(self)
a = Cyc("x"); b = Cyc("y"); a.other = b; b.other = a
del a, b
print("collected", gc.collect())
print(sorted(x.name for x in saved))
saved.clear()
print("collected again", gc.collect())
# __del__ that triggers collection of a cycle which itself has __del__
class Inner:
    def __del__(self): print("inner del")
class Outer:
    def __del__(self):
        i = Inner(); i.me = i; del i
        print("outer collects", gc.collect())
o = Outer(); o.me = o; del o
print("top collects", gc.collect())
# __del__ that collects while the collector is running on its cycle
class Nested:
    def __del__(self):
        print("nested collect", gc.collect())
for i in range(3):
    n = Nested(); n.me = n
del n
print("gc", gc.collect())
# __del__ raising in a cycle
class RaiseCyc:
    def __del__(self):
        raise KeyError("k")
x = RaiseCyc(); x.me = x; del x
print("gc", gc.collect())
Raiser()
print("end")
