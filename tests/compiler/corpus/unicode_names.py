é = 1
naïve = 2
Σ = é + naïve
日本語 = 'テキスト'
x = 'é' + "€"
def größe(ä): return ä
print(é, f'{é}')
