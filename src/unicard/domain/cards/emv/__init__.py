"""EMV card security, computed on the host as the card computes it (EMV 4.4 Book 2, Annex A).

Pure computation over bytes: key derivation, application cryptograms (ARQC) and their answers
(ARPC), the CDOL1 data they cover, and ISO 9564 PIN blocks. Keys come in as arguments; where
they are kept is the key-store port's business (``services/cards/ports.py``).
"""
