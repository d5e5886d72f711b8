"""The one job lexicon: which words name a job, and which name none."""

from __future__ import annotations

from bot import model as m
from bot.ingest import lexicon as lx


def test_job_words_and_their_plurals_name_jobs() -> None:
    assert lx.job_of("producers") == (m.CREW, "producer")
    assert lx.job_of("director of photography") == (m.CREW, "cinematographer")
    assert lx.job_of("director") == (m.DIRECTOR, None)
    assert lx.job_of("film editor") == (m.CREW, "editor")
    assert lx.job_of("music score") == (m.CREW, "composer")


def test_keys_that_are_no_job_name_none() -> None:
    for key in ("distributor", "budget", "box office", "language", "runtime", "cast", "country", "studio"):
        assert lx.job_of(key) is None, key


def test_a_story_credit_is_a_writer_but_a_source_is_not() -> None:
    assert lx.job_of("story") == (m.CREW, "writer")  # in a billing's brackets
    assert lx.field_of("story by") == (m.CREW, "writer")
    assert lx.field_of("story") is None  # "Story: two brothers rob a bank" is a synopsis
    assert lx.field_of("from the story by") == (lx.IGNORED, None)


def test_job_synonyms_of_credit_blocks_name_their_jobs() -> None:
    assert lx.field_of("executive producers") == (m.CREW, "producer")
    assert lx.field_of("costumes by") == (m.CREW, "costume designer")
    assert lx.field_of("scriptwriter") == (m.CREW, "writer")
    assert lx.field_of("montage") == (m.CREW, "editor")
    assert lx.field_of("camera") is None  # "Camera: a brand of camera" on a disc's spec sheet
