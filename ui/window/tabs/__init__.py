"""The inspection's tabs beyond the three editors: the judgment checks, coverage and To
review (review_tabs), Force in numbers (indicator_tabs) and Case files (case_files_tab,
built when first shown, with case_review_tabs, its results and its workbooks)."""
