# s += t into a local or a cell extends the string in place when only the variable held it
def build(n):
    s = ""
    for i in range(n):
        s += "x"
    return s
print(len(build(1000000)))
def build2(n):
    s = ""
    def add(t):
        nonlocal s
        s += t
    for i in range(n):
        add("ab")
    return s
print(len(build2(20000)))
a = "abc"
b = a
b += "d"
print(a, b)
def keep():
    s = "q"
    t = s
    s += "r"
    return s, t
print(keep())
