# A 1,000,000-piece string built with +=: a report written line by line
# into one string, the way a program builds output before writing it.
#
# target: time 1.0 rss 1.0  (ouro / CPython 3.11, read by runner.c)

PIECES = 1_000_000


def build(pieces):
    out = ""
    for i in range(pieces):
        if i % 10 == 9:
            out += "\n"
        else:
            out += str(i % 10)
    return out


def main():
    text = build(PIECES)
    print("length", len(text))
    print("lines", text.count("\n"))
    print("sevens", text.count("7"))
    print("head", repr(text[:12]), "tail", repr(text[-12:]))


main()
