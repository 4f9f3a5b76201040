# time: the clocks, their _ns forms, and sleep with CPython's errors.
import time

for name in ["time", "perf_counter", "monotonic", "process_time"]:
    f = getattr(time, name)
    g = getattr(time, name + "_ns")
    print(name, type(f()).__name__, type(g()).__name__, f() > 0, g() > 0)

t0 = time.perf_counter()
m0 = time.monotonic()
n0 = time.perf_counter_ns()
print("sleep returns", time.sleep(0.02))
print("perf_counter advanced:", time.perf_counter() - t0 >= 0.02)
print("monotonic advanced:", time.monotonic() - m0 >= 0.02)
print("perf_counter_ns advanced:", time.perf_counter_ns() - n0 >= 20000000)
print("time and time_ns agree:", abs(time.time() - time.time_ns() / 1e9) < 1)
print("after 2001:", time.time() > 1e9)
readings = [time.monotonic_ns() for i in range(100)]
print("monotonic never goes back:", readings == sorted(readings))

for arg in [0, 0.0, -0.0, True, 0.001]:
    print("sleep", repr(arg), time.sleep(arg))

for arg in [-1, -0.5, "1", None, [1], float("nan"), 2 ** 70, 1e300, -1e300]:
    try:
        time.sleep(arg)
    except Exception as e:
        print(repr(arg), type(e).__name__, e)

for call in [lambda: time.sleep(), lambda: time.sleep(1, 2), lambda: time.sleep(secs=1),
             lambda: time.perf_counter(1), lambda: time.monotonic_ns(None)]:
    try:
        call()
    except TypeError as e:
        print("TypeError", e)
