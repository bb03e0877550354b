"""Card security on the issuer host: cryptograms, PIN and fingerprint evidence, the key store."""
