"""Cross-border cooperation: requests screened by the safeguards before anything leaves,
domestic interventions with time-to-freeze, persons and trafficking screening, transfer batches."""
