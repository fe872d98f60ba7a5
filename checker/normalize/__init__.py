"""Stage 4: deterministic normalizers (numbers, units, dates, people, titles, places).

Every function here is pure: text in, comparable value out, None when the text does not say.
"""
