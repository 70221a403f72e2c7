"""Retention and erasure of patient data: what is kept for how long (retention), erasing one conversation
everywhere it is stored (erasure), the scheduled purge (purge) and patients' "delete my data" requests."""
