x = (1 +
     2)
y = [
    1,
    2,
]
z = {
    'a': 1,  # comment
    'b': 2,
}
if a and \
   b:
    pass
# comment line

   # indented comment

def f():

    # blank lines and comments inside

    return 1
s = 'a' \
    'b'
t = ('a'
     'b')
