"""A corpus of PDFs from independent producers, each made from a ground-truth text.

`python -m bench.pdf_corpus` (or `make corpus`) writes them to bench/work/corpus/. The texts are
the demo seed articles (several topics and authors) with sections of Polish and Russian prose
added, so that nothing is keyed to one document; each producer lays them out its own way
(sources.pdf was never tuned to any of them). See texts.py for the ground truth and
producers.py for the producers.
"""
