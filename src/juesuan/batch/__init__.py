"""Batch audit and check at scale: stream a directory, run files on local worker processes or a Dask
cluster, keep results as Parquet tables (reports, findings, figures) that `juesuan query` reads with
DuckDB.  See docs/scale.md.

files    walking the inputs and hashing their content
work     one file -> its rows (report, findings, figures)
sandbox  the long-lived child process that runs `work` (crash and hang isolation)
chunks   a chunk of files through one sandbox (the unit of work a worker runs)
store    the results directory: per-chunk Parquet files written atomically, then the manifest
runner   the batch: skip what is done, dispatch chunks, write results, progress
prior    `--prior FOLDER`: last year's reports indexed by (unit, year), each report matched with its own
query    DuckDB over the tables
compact  merging small part files into large ones (`juesuan results compact`)
overview the batch HTML overview from the tables
"""
