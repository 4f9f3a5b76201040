# a small tokenizer + recursive-descent calculator with classes and exceptions
class Token:
    __slots__ = ("kind", "text")
    def __init__(self, kind, text):
        self.kind = kind
        self.text = text
    def __repr__(self):
        return f"Token({self.kind!r}, {self.text!r})"
class CalcError(Exception):
    pass
def tokenize(src):
    tokens = []
    i = 0
    while i < len(src):
        c = src[i]
        if c.isspace():
            i += 1
        elif c.isdigit():
            j = i
            while j < len(src) and src[j].isdigit():
                j += 1
            tokens.append(Token("num", src[i:j]))
            i = j
        elif c in "+-*/()":
            tokens.append(Token("op", c))
            i += 1
        else:
            raise CalcError(f"bad character {c!r} at {i}")
    return tokens
class Parser:
    def __init__(self, tokens):
        self.tokens = tokens
        self.pos = 0
    def peek(self):
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None
    def take(self):
        t = self.peek()
        self.pos += 1
        return t
    def expr(self):
        value = self.term()
        while (t := self.peek()) is not None and t.text in "+-":
            self.take()
            rhs = self.term()
            value = value + rhs if t.text == "+" else value - rhs
        return value
    def term(self):
        value = self.atom()
        while (t := self.peek()) is not None and t.text in "*/":
            self.take()
            rhs = self.atom()
            if t.text == "*":
                value *= rhs
            else:
                if rhs == 0:
                    raise CalcError("division by zero")
                value //= rhs
        return value
    def atom(self):
        t = self.take()
        if t is None:
            raise CalcError("unexpected end")
        if t.kind == "num":
            return int(t.text)
        if t.text == "(":
            v = self.expr()
            if (close := self.take()) is None or close.text != ")":
                raise CalcError("missing )")
            return v
        if t.text == "-":
            return -self.atom()
        raise CalcError(f"unexpected {t!r}")
def calc(src):
    try:
        p = Parser(tokenize(src))
        v = p.expr()
        if p.peek() is not None:
            raise CalcError("trailing tokens")
        return v
    except CalcError as e:
        return f"error: {e}"
for src in ["1 + 2 * 3", "(1 + 2) * 3", "-4 * (2 - 7)", "8 / 0", "2 *", "3 $ 4", "((2)", "10 / 3 * 3"]:
    print(f"{src:>12} = {calc(src)}")
counts = {}
for word in "the quick brown fox jumps over the lazy dog the end".split():
    counts[word] = counts.get(word, 0) + 1
print(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:3])
print(repr(Token("op", "+")), [Token("num", str(i)) for i in range(2)])
