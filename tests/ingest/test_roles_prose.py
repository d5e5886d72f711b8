"""People and roles written in prose (`bot.ingest.roles`): the relation decides, the recogniser says who.

Every name and sentence here is invented; each case is one way reviewers write
a credit, or a near miss that must credit nobody.
"""

from __future__ import annotations

import pytest

from bot import model as m
from bot.ingest.extract import DocumentExtraction, extract_document

HEAD = "Salt Lanterns (2019)\n\nGenre: Drama\n\n"


def extract(body: str) -> DocumentExtraction:
    return extract_document("t.md", HEAD + body + "\n")


def people(body: str) -> set[tuple[str, str, str | None]]:
    """(field, person, role or job) of every cast, crew and director claim read from `body`."""
    return {(c.field, c.value, c.role) for c in extract(body).claims if c.field in (m.CAST, m.CREW, m.DIRECTOR)}


@pytest.mark.parametrize(
    "body",
    [
        "Last spring we screened Ilse Varga's Copper Road, with Tomas Erdő, to a full house.",
        "Next week brings Ilse Varga's Copper Road: The Second Crossing to the same screen.",
        "It opens beside Ilse Varga's The Weight of Rivers.",
        "She had made one film before, Ilse Varga's The Long Field.",
        "Most of us knew him from Ilse Varga's The Long Field and Harbour Lights.",
    ],
)
def test_a_possessive_before_another_films_title_is_no_role(body: str) -> None:
    assert not {fact for fact in people(body) if fact[0] == m.CAST}


def test_a_possessive_role_is_still_read() -> None:
    assert people("Mira Solberg's Hedda is the reason to watch.") == {(m.CAST, "Mira Solberg", "Hedda")}


def test_a_possessive_role_is_read_once_the_actor_is_known_later() -> None:
    body = "Solberg's Hedda is icy. The cast is led by Mira Solberg, who plays Hedda Lind."
    assert (m.CAST, "Mira Solberg", "Hedda Lind") in people(body)


@pytest.mark.parametrize(
    "body",
    [
        "Tobias Renn, as the failed writer Elmer Vasko, is the opposite.",
        "Tobias Renn plays a composer, Elmer Vasko, with a tremor.",
    ],
)
def test_a_job_in_a_characters_description_is_no_credit(body: str) -> None:
    facts = people(body)
    assert not {fact for fact in facts if fact[0] == m.CREW}
    assert (m.CAST, "Tobias Renn", "Elmer Vasko") in facts or body.startswith("Tobias Renn plays a composer")


def test_a_persons_usual_collaborator_is_no_credit_here() -> None:
    body = "She shot it herself, since her usual cinematographer, Anselm Kray, was busy."
    assert not {fact for fact in people(body) if fact[2] == "cinematographer" and fact[1] == "Anselm Kray"}


def test_music_played_by_a_musician_is_no_role() -> None:
    body = "The cello solos, played by Ines Marov over the main theme, finish you off."
    assert not {fact for fact in people(body) if fact[0] == m.CAST}


def test_a_surname_in_parentheses_that_completes_to_a_person_is_the_actor() -> None:
    body = "Starring Tobias Renn and Anselm Kray. Renn swans through, with the nervous Elmer T. Vasko (Kray) in tow."
    facts = people(body)
    assert (m.CAST, "Anselm Kray", "Elmer T. Vasko") in facts
    assert not {fact for fact in facts if fact[1] == "Elmer T. Vasko"}


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # markup blanked between the name and the verb ("- **X** plays Y")
        ("- **Mira Solberg** plays Hedda, a ferry pilot.", {(m.CAST, "Mira Solberg", "Hedda")}),
        ("- **Mira Solberg** is Hedda, a ferry pilot.", {(m.CAST, "Mira Solberg", "Hedda")}),
        # a described role set off by commas
        ("Mira Solberg is Anton's sister, Hedda, in a sharp turn.", {(m.CAST, "Mira Solberg", "Hedda")}),
        # an aside before "is ... as", and commas in what stands before "as"
        (
            "Tobias Renn, of all people, is the film's calm centre as Elmer, the tired lawyer.",
            {(m.CAST, "Tobias Renn", "Elmer")},
        ),
        (
            "Mira Solberg gets one short, brutal scene as a critic named Hedda Lind.",
            {(m.CAST, "Mira Solberg", "Hedda Lind")},
        ),
        # "Y, a <noun> played by X"
        ("He leaves for Hedda, a singer played by Mira Solberg.", {(m.CAST, "Mira Solberg", "Hedda")}),
    ],
)
def test_cast_relations(body: str, expected: set[tuple[str, str, str | None]]) -> None:
    assert people(body) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "Anselm Kray, who won a prize for his last one, shot it in greys.",
            {(m.CREW, "Anselm Kray", "cinematographer")},
        ),
        ("Anselm Kray lit and shot the night scenes.", {(m.CREW, "Anselm Kray", "cinematographer")}),
        ("Ilse Varga adapted the story herself.", {(m.CREW, "Ilse Varga", "writer")}),
        (
            "Ilse Varga wrote the script with Tomas Erdo and Pia Lund.",
            {(m.CREW, "Ilse Varga", "writer"), (m.CREW, "Tomas Erdo", "writer"), (m.CREW, "Pia Lund", "writer")},
        ),
        (
            "Ilse Varga also produced, with Tomas Erdo.",
            {(m.CREW, "Ilse Varga", "producer"), (m.CREW, "Tomas Erdo", "producer")},
        ),
        (
            "The screenplay is credited to Ilse Varga with Tomas Erdo, Ode Lamb Jr. and Pia Lund.",
            {
                (m.CREW, "Ilse Varga", "writer"),
                (m.CREW, "Tomas Erdo", "writer"),
                (m.CREW, "Ode Lamb Jr.", "writer"),
                (m.CREW, "Pia Lund", "writer"),
            },
        ),
        (
            "The score, composed and played by the session drummer Ode Lamb, never lets up.",
            {(m.CREW, "Ode Lamb", "composer")},
        ),
        ("The screenplay is by the novelist Pia Lund.", {(m.CREW, "Pia Lund", "writer")}),
    ],
)
def test_job_relations(body: str, expected: set[tuple[str, str, str | None]]) -> None:
    assert people(body) == expected


def test_directing_it_with_someone_credits_only_the_director() -> None:
    assert people("Ilse Varga directed it with Tomas Erdo in the lead.") >= {(m.DIRECTOR, "Ilse Varga", None)}
    assert (m.DIRECTOR, "Tomas Erdo", None) not in people("Ilse Varga directed it with Tomas Erdo in the lead.")


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "Elmer Vasko, a tired clerk, wins a trip to the coast. He is played by Tobias Renn, all nerves.",
            {(m.CAST, "Tobias Renn", "Elmer Vasko")},
        ),
        (
            "The radio that answers names itself Hedda. She is voiced by Mira Solberg, never seen.",
            {(m.CAST, "Mira Solberg", "Hedda")},
        ),
        ("Tobias Renn, in a bowler hat, is Elmer, the show's host.", {(m.CAST, "Tobias Renn", "Elmer")}),
        ("Mira Solberg completes the cast as Hedda, the silent maid.", {(m.CAST, "Mira Solberg", "Hedda")}),
        ("Mira Solberg has one excruciating scene as a blind date.", {(m.CAST, "Mira Solberg", None)}),
        ("The part went to Tobias Renn, then barely known.", {(m.CAST, "Tobias Renn", None)}),
        ("The posters call it a Tobias Renn love story.", {(m.DIRECTOR, "Tobias Renn", None)}),
        ("The score, by the band Paper Owls, is gentle.", {(m.CREW, "Paper Owls", "composer")}),
    ],
)
def test_more_relations(body: str, expected: set[tuple[str, str, str | None]]) -> None:
    assert people(body) == expected


def test_a_pronoun_after_a_paragraph_break_names_no_role() -> None:
    body = "Elmer Vasko, a tired clerk, wins a trip.\n\nHe is played by Tobias Renn."
    assert (m.CAST, "Tobias Renn", "Elmer Vasko") not in people(body)


def test_cast_by_a_director_is_no_role_for_the_director() -> None:
    assert not {fact for fact in people("Ilse Varga cast Tobias Renn as Elmer.") if fact[1] == "Ilse Varga"}


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Elmer is Tobias Renn, and you can hear it.", {(m.CAST, "Tobias Renn", "Elmer")}),
        ("Tobias Renn is Elmer, and you can hear it.", {(m.CAST, "Tobias Renn", "Elmer")}),
        (
            "Mira Solberg, who had never acted before, plays Hedda, a maid.",
            {(m.CAST, "Mira Solberg", "Hedda")},
        ),
        (
            "The screenplay credit is long: Ilse Varga, Tomas Erdo and Pia Lund.",
            {(m.CREW, "Ilse Varga", "writer"), (m.CREW, "Tomas Erdo", "writer"), (m.CREW, "Pia Lund", "writer")},
        ),
        (
            "Ilse Varga wrote it as well as directing.",
            {(m.CREW, "Ilse Varga", "writer"), (m.DIRECTOR, "Ilse Varga", None)},
        ),
        ("Ilse Varga's follow-up to Night Train is slower.", {(m.DIRECTOR, "Ilse Varga", None)}),
        ("Pia Lund dressed Renn in greys and browns.", {(m.CREW, "Pia Lund", "costume designer")}),
    ],
)
def test_relations_in_either_order_and_credit_lists(body: str, expected: set[tuple[str, str, str | None]]) -> None:
    assert people(body) == expected


def test_a_surname_named_in_full_elsewhere_is_the_actor_in_y_is_x() -> None:
    body = "With Tobias Renn and others. Renn is Elmer Vasko, the clerk."
    assert (m.CAST, "Elmer Vasko", "Renn") not in people(body)
    assert not {fact for fact in people(body) if fact[1] == "Elmer Vasko"}


@pytest.mark.parametrize(
    "body",
    [
        "Ilse Varga's second Hedda is colder.",
        "Skip Varga's follow-up, Night Train, unless you love trains.",
    ],
)
def test_a_possessive_film_in_a_series_or_a_named_follow_up_is_not_this_films(body: str) -> None:
    assert people(body) == set()


def test_the_pronoun_after_a_persons_sentence_takes_each_job_of_its_list() -> None:
    body = (
        "Ilse Varga did almost everything herself. She wrote it, directed it, and shot it, "
        "and she edited it with Pia Lund."
    )
    assert people(body) == {
        (m.CREW, "Ilse Varga", "writer"),
        (m.DIRECTOR, "Ilse Varga", None),
        (m.CREW, "Ilse Varga", "cinematographer"),
        (m.CREW, "Ilse Varga", "editor"),
        (m.CREW, "Pia Lund", "editor"),
    }


def test_a_pronoun_after_a_characters_sentence_credits_nobody() -> None:
    body = "Hedda plays the piano every night. She wrote it for her son, Elmer Vasko plays it."
    assert not {fact for fact in people(body) if fact[0] in (m.CREW, m.DIRECTOR)}


def test_a_family_relation_between_characters_is_no_role() -> None:
    assert people("Mira Solberg plays Elmer's sister Hedda with warmth.") == {(m.CAST, "Mira Solberg", "Hedda")}


def test_a_capitalised_word_after_a_first_name_is_not_dropped_to_leave_the_first_name() -> None:
    from bot.ingest.names import clean_name

    assert clean_name("Tobias Legend") is None
    assert clean_name("Meanwhile Tobias Renn") == "Tobias Renn"


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "Tobias Renn and Mira Solberg open the film as the robbers Elmer and Hedda.",
            {(m.CAST, "Tobias Renn", "Elmer"), (m.CAST, "Mira Solberg", "Hedda")},
        ),
        ("Pia Lund, Varga's editor for years, cut it tight.", {(m.CREW, "Pia Lund", "editor")}),
        ("Anselm Kray shot whole sequences on 70mm.", {(m.CREW, "Anselm Kray", "cinematographer")}),
        ("Pia Lund cut the truck chase so you always know where you are.", {(m.CREW, "Pia Lund", "editor")}),
        ("As Elmer Vasko, Tobias Renn plays a tired clerk.", {(m.CAST, "Tobias Renn", "Elmer Vasko")}),
        ("Ilse Varga's second Harbour picture is her best.", {(m.DIRECTOR, "Ilse Varga", None)}),
        ("It recalls Oskar Lind's 1976 Watergate drama.", set()),
    ],
)
def test_lists_asides_and_footage(body: str, expected: set[tuple[str, str, str | None]]) -> None:
    assert people(body) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "Tobias Renn gives Elmer a nervous, birdlike charm.",
            {(m.CAST, "Tobias Renn", "Elmer")},
        ),
        (
            "A man the papers call the Owl, whom Tobias Renn plays as Elmer Vasko with a wheedle.",
            {(m.CAST, "Tobias Renn", "Elmer Vasko")},
        ),
        ("The director is Ilse Varga, and it shows.", {(m.DIRECTOR, "Ilse Varga", None)}),
        (
            "Ilse Varga directed it and co-wrote it with Pia Lund.",
            {(m.DIRECTOR, "Ilse Varga", None), (m.CREW, "Ilse Varga", "writer"), (m.CREW, "Pia Lund", "writer")},
        ),
        ("Directed by Ilse Varga. Ilse Varga gives Elmer a long rope.", {(m.DIRECTOR, "Ilse Varga", None)}),
    ],
)
def test_gives_whom_and_chained_jobs(body: str, expected: set[tuple[str, str, str | None]]) -> None:
    assert people(body) == expected


def test_a_surname_in_a_pair_that_the_text_writes_in_full_is_the_actor() -> None:
    body = "With Tobias Renn and Mira Solberg. Later, Elmer Vasko (Renn) meets Hedda (Solberg)."
    facts = people(body)
    assert (m.CAST, "Tobias Renn", "Elmer Vasko") in facts
    assert not {fact for fact in facts if fact[1] == "Elmer Vasko"}


def test_a_surnames_possessive_of_a_known_character_is_a_role() -> None:
    body = "Mira Solberg is on screen for ten minutes. Hedda Lind, played by Mira Solberg, waits. Solberg's Lind sings."
    assert (m.CAST, "Mira Solberg", "Hedda Lind") in people(body)


@pytest.mark.parametrize(
    "body",
    [
        "At the box office, Night Train Society (Lumen) came second, then Harbour Trust (Apex).",
        "The chart: Honey, We Sold the House (Lumen), then the Long Crossing (Apex).",
        "The Sunday Hour is produced by Pia Lund, and it is the best hour on radio.",
        "Pia Lund wrote the music and lyrics for the stage version that opened in 2016.",
        "It recalls Oskar Lind's Salt Lanterns: The Return, a lesser sequel.",
        "Tobias Renn returns as Deputy U.S. Marshal Elmer Vasko.",
    ],
)
def test_titles_companies_and_other_works_are_no_credits(body: str) -> None:
    facts = people(body)
    assert not {fact for fact in facts if fact[0] in (m.CREW, m.DIRECTOR)}
    assert not {fact for fact in facts if fact[0] == m.CAST and fact[2] is not None}


def test_a_film_produced_by_someone_is_still_read() -> None:
    assert people("Salt Lanterns was produced by Pia Lund.") == {(m.CREW, "Pia Lund", "producer")}
    assert people("It was produced by Pia Lund.") == {(m.CREW, "Pia Lund", "producer")}


def test_a_first_name_before_a_surname_completes_nothing() -> None:
    from bot.ingest.fullnames import full_name_in_text

    assert full_name_in_text("Teenager Elmer Vasko moves west. Elmer's romance is sweet.", "Elmer", set()) is None
    assert full_name_in_text("Ana Roth's *Paper Harbour*. Roth's film.", "Roth", set(), [(0, 20)]) is None


def test_a_name_after_a_role_noun_that_starts_a_clause_is_not_the_role() -> None:
    facts = people("That's Tobias Renn himself as the doctor Elmer visits in the second act.")
    assert not {fact for fact in facts if fact[2] == "Elmer"}
    assert people("Tobias Renn as the tired clerk Elmer Vasko is the heart of it.") == {
        (m.CAST, "Tobias Renn", "Elmer Vasko")
    }


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "Lord Elmer Vasko (Tobias Renn, aged by make-up) splits his land between Hedda (Mira Solberg) and Ida.",
            {(m.CAST, "Tobias Renn", "Elmer Vasko"), (m.CAST, "Mira Solberg", "Hedda")},
        ),
        ("The one we remember is Mira Solberg's as Lady Hedda, the widow.", {(m.CAST, "Mira Solberg", "Lady Hedda")}),
        (
            "Tobias Renn, before his breakout, plays Elmer Vasko, the assistant.",
            {(m.CAST, "Tobias Renn", "Elmer Vasko")},
        ),
        ("Tobias Renn also appears, uncredited, as the head of the firm.", {(m.CAST, "Tobias Renn", None)}),
        (
            "Ilse Varga wrote, produced and directed it.",
            {(m.CREW, "Ilse Varga", "writer"), (m.CREW, "Ilse Varga", "producer"), (m.DIRECTOR, "Ilse Varga", None)},
        ),
        ("Pia Lund, credited as the film's supervising editor, is superb.", {(m.CREW, "Pia Lund", "editor")}),
        ("Pia Lund, credited as the film's executive producer, stayed away.", set()),
    ],
)
def test_asides_elisions_and_verb_lists(body: str, expected: set[tuple[str, str, str | None]]) -> None:
    assert people(body) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Half a century later, Ilse Varga's Salt Lanterns still frightens.", {(m.DIRECTOR, "Ilse Varga", None)}),
        (
            "Tobias Renn, a playwright who had just won a prize for his first play, plays Father Elmer Vasko.",
            {(m.CAST, "Tobias Renn", "Elmer Vasko")},
        ),
        (
            "Tobias Renn, the star of Oskar Lind's thrillers, plays the old priest Elmer Vasko.",
            {(m.CAST, "Tobias Renn", "Elmer Vasko")},
        ),
        (
            "Pia Lund wrote the screenplay and produced the film herself.",
            {(m.CREW, "Pia Lund", "writer"), (m.CREW, "Pia Lund", "producer")},
        ),
        ("It borrows from Oskar Lind's anime Ghost in the Machine.", set()),
    ],
)
def test_openers_long_asides_and_titles_that_run_on(body: str, expected: set[tuple[str, str, str | None]]) -> None:
    assert people(body) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "Tobias Renn and Mira Solberg steal ten minutes as Elmer Vasko and his wife Hedda.",
            {(m.CAST, "Tobias Renn", "Elmer Vasko"), (m.CAST, "Mira Solberg", "Hedda")},
        ),
        (
            "Elmer faces Count Vasko, the six-fingered man, played with real menace by Tobias Renn.",
            {(m.CAST, "Tobias Renn", "Count Vasko")},
        ),
        ("Pia Lund adapted her own novel, and it shows.", {(m.CREW, "Pia Lund", "writer")}),
        (
            "The screenplay is by Pia Lund + Ilse Varga.",
            {(m.CREW, "Pia Lund", "writer"), (m.CREW, "Ilse Varga", "writer")},
        ),
        ("It is a Lumen movie through and through.", set()),
    ],
)
def test_couples_appositions_and_own_books(body: str, expected: set[tuple[str, str, str | None]]) -> None:
    assert people(body) == expected


def test_a_pair_of_full_names_is_decided_by_how_the_text_calls_each() -> None:
    body = "Tobias Renn (Elmer Vasko) carries it. Elmer never rests, and Renn never lets him."
    assert people(body) == {(m.CAST, "Tobias Renn", "Elmer Vasko")}
    body = "Elmer Vasko (Tobias Renn) carries it. Elmer never rests, and Renn never lets him."
    assert people(body) == {(m.CAST, "Tobias Renn", "Elmer Vasko")}


def test_a_pair_of_full_names_nothing_decides_gives_nothing() -> None:
    assert people("Tobias Renn (Elmer Vasko) carries it.") == set()


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "Tobias Renn, Pia Lund and Ode Lamb round out the cast.",
            {(m.CAST, "Tobias Renn", None), (m.CAST, "Pia Lund", None), (m.CAST, "Ode Lamb", None)},
        ),
        ("Elmer moves in with his mother (Mira Solberg) and a dog.", {(m.CAST, "Mira Solberg", None)}),
        ("Elmer meets a jealous neighbour (Hedda) on the stairs.", set()),
        ("Anselm Kray designed the looming harbour sets.", {(m.CREW, "Anselm Kray", "production designer")}),
        ("Mira Solberg plays his producer, Hedda.", {(m.CAST, "Mira Solberg", "Hedda")}),
    ],
)
def test_cast_lists_described_parentheses_and_sets(body: str, expected: set[tuple[str, str, str | None]]) -> None:
    assert people(body) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("the kid is Elmer and he's played by Tobias Renn, aged ten.", {(m.CAST, "Tobias Renn", "Elmer")}),
        (
            'The best dog is Dug ("I love you"), voiced by Ode Lamb, who also co-directed and co-wrote the movie '
            "with Pia Lund.",
            {
                (m.CAST, "Ode Lamb", "Dug"),
                (m.DIRECTOR, "Ode Lamb", None),
                (m.CREW, "Ode Lamb", "writer"),
                (m.CREW, "Pia Lund", "writer"),
            },
        ),
        (
            "On the porch is Elmer, a scout desperate for one last badge, voiced by Tobias Renn.",
            {(m.CAST, "Tobias Renn", "Elmer")},
        ),
        ("Anselm Kray designed the hotel's interiors.", {(m.CREW, "Anselm Kray", "production designer")}),
        (
            "The script is Varga's, written with Pia Lund, and it is tight. Ilse Varga directed it.",
            {(m.CREW, "Ilse Varga", "writer"), (m.CREW, "Pia Lund", "writer"), (m.DIRECTOR, "Ilse Varga", None)},
        ),
    ],
)
def test_voiced_by_relatives_and_owned_work(body: str, expected: set[tuple[str, str, str | None]]) -> None:
    assert people(body) == expected


def test_who_had_directed_another_film_credits_nothing_here() -> None:
    assert people("It stars Tobias Renn, who directed Night Train for Lumen.") == {(m.CAST, "Tobias Renn", None)}


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "Tobias Renn, not yet a leading man, plays the innkeeper Elmer with a limp.",
            {(m.CAST, "Tobias Renn", "Elmer")},
        ),
        (
            "And Tobias Renn, who had directed Night Train decades earlier, turns up on screen as Elmer Vasko.",
            {(m.CAST, "Tobias Renn", "Elmer Vasko")},
        ),
        ("And yes, Ilse Varga herself appears as the man with the knife.", {(m.CAST, "Ilse Varga", None)}),
        ("Small roles that matter: Tobias Renn = Elmer, the origami guy.", {(m.CAST, "Tobias Renn", "Elmer")}),
        ("Tobias Renn has a tiny part as the owner who fires Elmer.", {(m.CAST, "Tobias Renn", None)}),
    ],
)
def test_asides_cameos_and_colon_pairs(body: str, expected: set[tuple[str, str, str | None]]) -> None:
    assert people(body) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "The thieves are Elmer Vasko and Hedda Lind, and those roles went to Tobias Renn and Mira Solberg "
            "respectively.",
            {(m.CAST, "Tobias Renn", "Elmer Vasko"), (m.CAST, "Mira Solberg", "Hedda Lind")},
        ),
        (
            "And Tobias Renn, as Hedda's old classmate and boss, Elmer Vasko, plays it as a joke.",
            {(m.CAST, "Tobias Renn", "Elmer Vasko")},
        ),
        (
            "Hedda Lind, a governor's daughter who fights in secret, and she's played by Mira Solberg.",
            {(m.CAST, "Mira Solberg", "Hedda Lind")},
        ),
        ("The edit, by Pia Lund, Varga's regular editor, is patient.", {(m.CREW, "Pia Lund", "editor")}),
        ("Anselm Kray was the production designer.", {(m.CREW, "Anselm Kray", "production designer")}),
        ("Anselm Kray was the production designer on Night Train.", set()),
    ],
)
def test_respectively_apposed_roles_and_was_the_job(body: str, expected: set[tuple[str, str, str | None]]) -> None:
    assert people(body) == expected
