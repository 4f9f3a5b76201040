"""GCBench's shape in CPython, to check libouro's collection schedule against
the interpreter whose collector it copies (3.11 for the numbers in
docs/performance.md). Not part of `make bench-c`.

usage: python3 bench/c/gcbench_cpython.py

Prints the collections per generation and the seconds spent in them,
timed with gc.callbacks as gcbench_ouro times them with a collector
callback. The interpreter's own work makes the total incomparable with C;
the collection counts and the time inside collections are the point.
"""
import gc
import time

STRETCH, LONG_LIVED, MIN_DEPTH, MAX_DEPTH, ARRAY_SIZE = 18, 16, 4, 16, 500000


class Node:
    __slots__ = ("left", "right")

    def __init__(self, left=None, right=None):
        self.left = left
        self.right = right


def tree_size(depth):
    return (1 << (depth + 1)) - 1


def num_iters(depth):
    return 2 * tree_size(STRETCH) // tree_size(depth)


def populate(depth, node):
    if depth <= 0:
        return
    depth -= 1
    node.left = Node()
    node.right = Node()
    populate(depth, node.left)
    populate(depth, node.right)


def make_tree(depth):
    if depth <= 0:
        return Node()
    return Node(make_tree(depth - 1), make_tree(depth - 1))


spent = [0.0, 0.0, 0.0]
started = [0.0]


def on_collection(phase, info):
    if phase == "start":
        started[0] = time.perf_counter()
    else:
        spent[info["generation"]] += time.perf_counter() - started[0]


def main():
    gc.callbacks.append(on_collection)
    before = [s["collections"] for s in gc.get_stats()]
    t0 = time.perf_counter()
    make_tree(STRETCH)
    long_lived = Node()
    populate(LONG_LIVED, long_lived)
    array = [1.0 / i for i in range(1, ARRAY_SIZE // 2)]
    for depth in range(MIN_DEPTH, MAX_DEPTH + 1, 2):
        for _ in range(num_iters(depth)):
            node = Node()
            populate(depth, node)
        for _ in range(num_iters(depth)):
            make_tree(depth)
    total = time.perf_counter() - t0
    assert long_lived.left is not None and array[999] == 1.0 / 1000
    after = [s["collections"] for s in gc.get_stats()]
    print("collections", "/".join(str(a - b) for a, b in zip(after, before)))
    print("seconds in them", "/".join("%.2f" % s for s in spent), "of %.2f total" % total)


if __name__ == "__main__":
    main()
