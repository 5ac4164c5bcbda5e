"""Console pages of 资金发放: `funds` (funds and budget lines, totals, the accountant's export) and `entries`
(the entry list, one entry, paying, reversing, the audited reveal, the bank's payment file and its answer)."""
