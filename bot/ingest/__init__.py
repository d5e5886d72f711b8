"""The ingest layer: review documents -> claims with sources -> merged films.

`pipeline.ingest_paths` / `pipeline.ingest_texts` are the entry points;
`extract.extract_document` reads one document, `merge.merge_films` groups
documents into films and marks disputes. Vocabulary and regexes live in
`patterns`, document shape in `layout`, value parsing in `values`.
"""
