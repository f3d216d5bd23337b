"""Cross-examination over the stored archive: timeline, quotations and (later) claims."""
