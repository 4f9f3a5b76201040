'a'
"b"
'''c'''
"""d"""
''
""
'it''s'
"it's"
'say "hi"'
'both \' and "'
'\n\t\\\'\"'
'\a\b\f\v\r'
'\x41\x7f\x00'
'\101\0\777'
'\u00e9\u20ac'
'\U0001F600'
'\d\w'
r'\n\d'
R"raw\\"
u'unicode'
U'upper'
'a' 'b'
'a' "b" '''c'''
'''multi
line'''
'line \
continued'
'é€😀'
'\ud800'
'tab	here'
'\x80\x9f\xa0\xad'
'\u2028\ufeff'
