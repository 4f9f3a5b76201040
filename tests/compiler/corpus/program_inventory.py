"""A small inventory system: classes, properties, closures, exceptions."""
from collections import defaultdict
import functools as ft


class OutOfStock(Exception):
    def __init__(self, item, wanted, have=0):
        super().__init__(f"{item!r}: wanted {wanted}, have {have}")
        self.item, self.wanted, self.have = item, wanted, have


def logged(fn):
    @ft.wraps(fn)
    def wrapper(*args, **kwargs):
        result = fn(*args, **kwargs)
        print(f"{fn.__name__}({', '.join(map(repr, args[1:]))}) -> {result}")
        return result
    return wrapper


class Inventory:
    """Counts items; refuses to go below zero."""

    def __init__(self, **initial):
        self._stock = defaultdict(int, initial)
        self._history: list[tuple[str, int]] = []

    @property
    def total(self) -> int:
        return sum(self._stock.values())

    @logged
    def add(self, item, count=1, /):
        self._stock[item] += count
        self._history.append((item, +count))
        return self._stock[item]

    @logged
    def take(self, item, count=1, *, strict=True):
        have = self._stock.get(item, 0)
        if have < count:
            if strict:
                raise OutOfStock(item, count, have)
            count = have
        self._stock[item] = have - count
        self._history.append((item, -count))
        return count

    def report(self):
        width = max((len(k) for k in self._stock), default=0)
        for name, n in sorted(self._stock.items(), key=lambda kv: (-kv[1], kv[0])):
            print(f"{name:<{width}} {n:>5}")
        changes = {k: sum(d for i, d in self._history if i == k) for k in self._stock}
        return changes


inv = Inventory(apples=3, pears=0)
inv.add("apples", 2)
try:
    inv.take("pears", 1)
except OutOfStock as e:
    print("error:", e, e.have)
else:
    print("unexpected")
finally:
    print("total", inv.total)
print(inv.take("pears", 5, strict=False))
print(inv.report())
