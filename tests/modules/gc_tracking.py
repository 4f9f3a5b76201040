# What the collector tracks, as CPython 3.11: atomic values never; lists,
# sets, instances, classes, functions always; dicts once they hold a
# container (untracked again only by a full collection); tuples created
# tracked and untracked lazily by a collection when they hold only atomics.
import gc

class C:
    def m(self):
        pass

class S:
    __slots__ = ("x",)

def show(name, obj):
    print(name, gc.is_tracked(obj))

one = 1
show("int", one)
show("big int", 10 ** 30)
show("float", 2.5)
show("str", "text" * one)
show("None", None)
show("True", True)
show("range", range(3))
show("slice", slice(1, 2))
show("empty tuple", ())
show("list", [])
show("set", set())
show("frozenset", frozenset())
show("dict", {})
show("instance", C())
show("slotted instance", S())
show("class", C)
show("function", show)
show("lambda", lambda: 0)
show("bound method", C().m)
show("builtin function", len)
show("module", gc)
show("exception", ValueError("x"))

t_atoms = (one, "s", 2.0, None)
t_list = (one, [])
t_nested = ((one, 2), (3, "x"))
d_atoms = {"a": one, "b": "two"}
d_list = {"a": []}
d_tuple = {"a": (one, 2)}
for name, obj in [("tuple of atomics", t_atoms), ("tuple with a list", t_list),
                  ("tuple of tuples", t_nested), ("dict of atomics", d_atoms),
                  ("dict with a list", d_list), ("dict with a tuple", d_tuple)]:
    show("fresh " + name, obj)
gc.collect()
for name, obj in [("tuple of atomics", t_atoms), ("tuple with a list", t_list),
                  ("tuple of tuples", t_nested), ("dict with a tuple", d_tuple)]:
    show("after one collection: " + name, obj)
gc.collect()
show("after two collections: tuple of tuples", t_nested)
d_list["a"] = 5
show("dict whose list was replaced", d_list)
gc.collect(0)
show("... after a young collection", d_list)
gc.collect()
show("... after a full collection", d_list)
d_list["b"] = [1]
show("... and a list stored again", d_list)
key_only = {}
key_only[C()] = 1
show("dict with a tracked key", key_only)
lst = []
lst.append(one)
show("list of ints", lst)
print("none of these in get_objects:", not any(o is t_atoms or o is d_atoms for o in gc.get_objects()))
print("tracked ones are:", any(o is lst for o in gc.get_objects()))
