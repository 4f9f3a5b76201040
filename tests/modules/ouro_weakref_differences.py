# Differences from CPython 3.11 in the weakref module that ouro keeps for
# now, each documented in docs/gc.md ("weakref module", "Differences"):
# this script's expected output is ouro's own (CPython prints 1 on the
# first line, the fields' offsets on the third and 32 on the fourth).
import weakref


class Base:
    pass


class Derived(Base):
    pass


# CPython counts the weak reference Base keeps to each subclass in
# __subclasses__; ouro's types hold theirs through the core, unseen.
print("getweakrefcount(Base):", weakref.getweakrefcount(Base))
print("subclasses still found:", list(Base.__subclasses__()) == [Derived])


# Instances of classes keep no weak reference field: the runtime holds
# the list in a side table (docs/objects.md), so __weakrefoffset__ is 0
# where CPython 3.11 gives the field's offset, and __basicsize__ has no
# word for it. The classes are weak-referenceable all the same.
class Slotted:
    __slots__ = ("a", "__weakref__")


print("__weakrefoffset__:", Base.__weakrefoffset__, Slotted.__weakrefoffset__)
print("Slotted.__basicsize__:", Slotted.__basicsize__)
s = Slotted()
print("weakly referenced:", weakref.ref(s)() is s, weakref.getweakrefcount(s))
