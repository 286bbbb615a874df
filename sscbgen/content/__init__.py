"""Content: files on disk -> typed, checked models. No rendering happens here."""
