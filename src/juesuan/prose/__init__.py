"""Understanding the prose of a published report (audit only).

sentences  blocks → sentences with section paths (wrapped lines joined)
claims     the numbers a sentence states (unit, kind, label, direction word)
lexicon    the words that name figures (lexicon.yaml, data)
figures    entity + attribute → the printed table cell
entities   what a sentence names before a number (lexicon phrase, 类, 项, 名称（编码）)
amounts    amounts against the cell they name, or kept as stated facts
arithmetic completion, change, rate, share, 其中 breakdown, 项 budgets adding up
comparisons direction and comparison words against their two figures
counts     counts against the list they count; staffing
performance performance prose against the performance tables
document   restatements, assets, reasons and texts across the document
facts      StatedFacts (returned as values) and apply_facts (the caller applies them)
binding    read_prose(): sentences → claims → binding → ProseReading
"""
