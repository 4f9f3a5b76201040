# Items leave a list last to first (dealloc, clear, del l[i:j], slice
# assignment, *= 0); extended-slice deletion goes in index order.
class D:
    def __init__(self, tag):
        self.tag = tag

    def __del__(self):
        print("del", self.tag)


def make(n):
    return [D(i) for i in range(n)]


l = make(4)
print("drop the list")
del l
l = make(5)
print("clear")
l.clear()
l = make(6)
print("del l[1:4]")
del l[1:4]
print("l[0:2] = [1]")
l[0:2] = [1]
print("del l[::2]")
l = make(6)
del l[::2]
print("del l[::-2]")
l = make(6)
del l[::-2]
print("l[::-1] = [7, 8, 9]")
l[::-1] = [7, 8, 9]
print("l *= 0")
l = make(3)
l *= 0
print("pop(0), pop()")
l = make(3)
l.pop(0)
l.pop()
print("remove")
l.remove(l[0])
print("l[0] = 5")
l = [D("x")]
l[0] = 5
print("sort that fails in a key function")
l = [D(i) for i in range(3)]
def key(d):
    if d.tag == 2:
        raise KeyError(d.tag)
    return d.tag
try:
    l.sort(key=key)
except KeyError as e:
    print("KeyError", e, [d.tag for d in l])
del l
print("end")
