# Every object gc.get_objects(), get_referrers() and get_referents() hand
# out is a Python object: its type can be asked (ouro once listed the
# core's own weak references that types keep for their subclass lists,
# and type() of one crashed).
import gc


class Base:
    pass


class Derived(Base):
    pass


names = set()
for o in gc.get_objects():
    names.add(type(o).__name__)
print("type", "type" in names, "function", "function" in names)
print(all(isinstance(type(o), type) for o in gc.get_referrers(Base)))
print(all(isinstance(type(o), type) for o in gc.get_referents(Base)))
print(all(isinstance(type(o), type) for o in gc.get_referents(*gc.get_objects())))
