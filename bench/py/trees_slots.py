# Binary trees from a class with __slots__: the same program as
# trees_tuple.py, each node an instance of Node (two slots, no __dict__).
#
# target: time 1.0 rss 1.0  (ouro / CPython 3.11, read by runner.c)

MIN_DEPTH = 4
MAX_DEPTH = 16


class Node:
    __slots__ = ("left", "right")

    def __init__(self, left, right):
        self.left = left
        self.right = right

    def check(self):
        if self.left is None:
            return 1
        return 1 + self.left.check() + self.right.check()


def make_tree(depth):
    if depth == 0:
        return Node(None, None)
    depth -= 1
    return Node(make_tree(depth), make_tree(depth))


def main():
    stretch = MAX_DEPTH + 1
    print(f"stretch tree of depth {stretch}\t check: {make_tree(stretch).check()}")
    long_lived = make_tree(MAX_DEPTH)
    for depth in range(MIN_DEPTH, MAX_DEPTH + 1, 2):
        iterations = 2 ** (MAX_DEPTH - depth + MIN_DEPTH)
        check = 0
        for _ in range(iterations):
            check += make_tree(depth).check()
        print(f"{iterations}\t trees of depth {depth}\t check: {check}")
    print(f"long lived tree of depth {MAX_DEPTH}\t check: {long_lived.check()}")


main()
