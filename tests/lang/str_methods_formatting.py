# str through the interpreter: methods, case mapping beyond ASCII, indexing
# non-ASCII text, str.format / format() / f-strings / %, and a string built
# by += in a loop (extended in place when the VM passes it on).
print('a,b,,c'.split(','), '  a  b  '.split(), 'a b c'.rsplit(None, 1))
print('ß'.upper(), 'ΑΣ'.lower(), 'İ'.lower(), "they're bill's".title(), 'ﬃ'.upper())
print('{0:>5}|{1!r}|{x:*^9}|{0[1]}'.format('ab', 'é', x='mid'))
print('%5s|%-5d|%05d|%x|%#X|%c' % ('ab', 3, -4, 255, 255, 233))
print('%(a)s %(b)r' % {'a': 1, 'b': 'x'}, '%.2f|%+e|%g' % (3.14159, 1234.5, 0.0001))
t = 'h\u00e9llo\U0001f600'
print([t[i] for i in range(len(t))], t[::-1], t[1:4], t[-1], t.find('l'), t.index('\U0001f600'))
print('abc'.center(6, '*'), '-5'.zfill(5), 'a\tb'.expandtabs(4), 'x'.join(['a', 'b']))
print('aXbXc'.partition('X'), 'aXbXc'.rpartition('X'), 'Hello'.swapcase(), 'hello world'.capitalize())
print('a\nb\r\nc'.splitlines(), 'a\nb'.splitlines(True), 'abc'.translate(str.maketrans('ab', 'xy', 'c')))
print('_a1'.isidentifier(), 'Abc Def'.istitle(), '\u00b2'.isdigit(), '\u00b2'.isdecimal(), '\u0663'.isdecimal())
name, width = 'str', 7
print(f'{name:>{width}}|{name!r:^9}|{3.5:08.3f}|{255:#x}|{"é":é<3}')
print(format('abc', '^9'), format(123, ','), ascii('é😀'), repr('\x00\u2028é'))
s = ''
for i in range(1000):
    s += str(i % 10)
print(len(s), s[:12], s[-5:], s.count('7'))
u = 'é'
for i in range(100):
    u += 'ü'
print(len(u), u[-2:], u.upper()[:3])
x = 'abc'
print(x.strip() is x, x.replace('z', 'y') is x, '{}'.format(x) is x, '%s' % x is x, x.upper() is x)
try:
    '{}{0}'.format(1, 2)
except ValueError as e:
    print(type(e).__name__, e)
try:
    '%d' % 'a'
except TypeError as e:
    print(type(e).__name__, e)
try:
    'abc'.index('z')
except ValueError as e:
    print(type(e).__name__, e)
print(ord('€'), chr(8364), str(), str(object=5), sorted(['é', 'e', 'z', 'É']))
