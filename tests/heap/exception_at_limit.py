# Run under `-X max-heap=2M` (tests/heap/run.sh). At the limit, a
# MemoryError raised two calls deep must reach the handler as itself,
# whatever memory is left for the frame objects and tracebacks its
# unwinding makes. The heap is filled to the brim, then `pad` bytes are
# freed, for pads stepping through a few hundred bytes: regression test
# for a frame whose caller's frame object could not be allocated while
# the exception was in flight, which lost the exception ("SystemError:
# error return without exception set").


def f():
    return "x" * 5000


def g():
    return f()


def fill_to_brim(fill):
    for size in (4096, 1024, 256, 64, 16, 1):
        try:
            while True:
                fill.append("y" * size)
        except MemoryError:
            pass


caught = 0
for n in range(0, 600, 4):
    pad = "p" * n
    fill = []
    fill_to_brim(fill)
    del pad
    try:
        g()
    except MemoryError:
        caught += 1
    fill = None
print("MemoryError caught at every pad:", caught == 150)
