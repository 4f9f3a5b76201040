# sys as the issue lists it: getrefcount (the argument's own reference
# counted), recursion limit, maxsize, version strings, argv, exit,
# stdout/stderr with write and flush.
import sys

class C:
    def m(self):
        pass

x = C()
base = sys.getrefcount(x)
print("fresh object bound once:", sys.getrefcount(C()), base)
y = x
lst = [x, x]
d = {"k": x}
print("name + 2 list slots + dict value:", sys.getrefcount(x) - base)
bm = x.m
print("bound method holds self:", sys.getrefcount(x) - base)
del y, lst, d, bm
print("back:", sys.getrefcount(x) == base)
many = [x] * 5
print("* 5:", sys.getrefcount(x) - base)
del many

for bad in [(), (1, 2)]:
    try:
        sys.getrefcount(*bad)
    except TypeError as e:
        print("TypeError", e)

print("recursion limit:", sys.getrecursionlimit())
sys.setrecursionlimit(500)
print("set:", sys.getrecursionlimit())
def depth(n):
    try:
        return depth(n + 1)
    except RecursionError:
        return n
print("depth under 500:", depth(0) < 500)
sys.setrecursionlimit(1000)
for bad in ["a", 1.5, 0, -3]:
    try:
        sys.setrecursionlimit(bad)
    except (TypeError, ValueError) as e:
        print(type(e).__name__, e)
print("limit kept:", sys.getrecursionlimit())

print("maxsize:", sys.maxsize, sys.maxsize == 2 ** 63 - 1)
print("version_info:", sys.version_info[:3], sys.version_info[3])
print("version starts with 3.11.7:", sys.version.startswith("3.11.7"))
print("hexversion:", hex(sys.hexversion))
print("implementation name is a str:", type(sys.implementation.name).__name__)
print("argv:", sys.argv)

n = sys.stdout.write("written directly\n")
print("write returned", n)
print("flush returned", sys.stdout.flush())
print("stderr write returned", sys.stderr.write(""))
try:
    sys.stdout.write(3)
except TypeError as e:
    print("TypeError", e)

for args in [(), (0,), (3,), ("message",), (None,), ((1, 2),), ((),), ([5],)]:
    try:
        sys.exit(*args)
    except SystemExit as e:
        print("SystemExit", repr(e.code), e.args)
try:
    sys.exit(1, 2)
except TypeError as e:
    print("TypeError", e)
sys.stdout.write("last line\n")
sys.exit(4)
print("not reached")
