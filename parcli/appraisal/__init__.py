"""Reading the council's appraisal table (parcli appraisal import)."""
