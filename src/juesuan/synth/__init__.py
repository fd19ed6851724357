"""Synthetic units and corpora (`juesuan synth`): units.py draws one consistent unit, plant.py plants an
error with its ground truth, corpus.py writes a corpus in any format through `build`.  kinds.yaml holds
the kinds of unit, their 类/款/项 and their words."""
