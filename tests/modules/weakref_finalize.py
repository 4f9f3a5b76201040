# weakref.finalize: called once when the object dies or when called;
# alive, peek, detach, atexit; at exit the live ones whose atexit is true
# run, newest first, before the modules are torn down.
import gc
import weakref


class R:
    def __init__(self, n):
        self.n = n


out = []
a = R(1)
b = R(2)
c = R(3)
fa = weakref.finalize(a, print, "at exit: a")
fb = weakref.finalize(b, print, "at exit: b", "with", "args", sep="|")
fc = weakref.finalize(c, print, "never: c")
fc.atexit = False
print(fa.atexit, fc.atexit, fa.alive, fa.peek()[0] is a, fb.peek()[2:])
r = repr(fa)
print(r.startswith("<finalize object at 0x"), "; for 'R' at 0x" in r)

fd = weakref.finalize(R(4), out.append, "d")
print(out, fd.alive, fd.peek(), fd.detach(), fd(), repr(fd).endswith("; dead>"))
fd.atexit = True
print(fd.atexit)

e = R(5)
fe = weakref.finalize(e, lambda x, y=0: x + y, 2, y=3)
print(fe(), fe.alive, fe(), fe.peek())
del e

g = R(6)
weakref.finalize(g, out.append, "g first registered")
weakref.finalize(g, out.append, "g second registered")
del g
print(out)

h = R(7)
fh = weakref.finalize(h, out.append, "h")
info = fh.detach()
print(info[0] is h, info[1] == out.append, info[2], info[3], fh.alive, fh.detach())
del h, info
print(out)


class Cyclic:
    pass


cy = Cyclic()
cy.me = cy
weakref.finalize(cy, print, "cycle collected")
del cy
gc.collect()

try:
    weakref.finalize(3, print)
except TypeError as x:
    print(type(x).__name__, "|", x)
keep = R(8)
weakref.finalize(keep, print, "at exit: keep (newest)")
print("end of script")
