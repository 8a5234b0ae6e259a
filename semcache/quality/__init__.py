"""Hit quality: verification of candidates and evaluation on labelled pairs."""
