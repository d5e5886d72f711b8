"""The ingest layer: review documents -> claims with sources -> merged films.

`pipeline.ingest_paths` / `pipeline.ingest_texts` are the entry points;
`extract.extract_document` runs the stages over one document (see its
docstring for their order), `merge.merge_films` groups documents into films
and marks disputes. Words live in one lexicon (`lexicon`), name shapes in
`names`, value parsing in `values`.
"""
