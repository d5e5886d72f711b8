"""The job lexicon: every word the extractor knows for a film field or a crew job.

One table serves headers ("Director: X"), front matter keys, table columns,
newspaper capsules ("dir. X; with Y; ph. Z"), and question-and-answer pairs,
so a synonym learnt for one layout works in all of them. Keys are folded
(`values.fold_key`: lower case, punctuation to spaces).
"""

from __future__ import annotations

from bot import model as m


# --- words of names and film talk ------------------------------------------------------------------
def wordset(words: str) -> frozenset[str]:
    """A vocabulary written as a block of words separated by spaces and line breaks."""
    return frozenset(words.split())


def words_and_plurals(words: str) -> frozenset[str]:
    """ "city valley" -> {city, cities, valley, valleys}: a noun list and its plurals."""
    out: set[str] = set()
    for word in words.split():
        out.add(word)
        plural = word[:-1] + "ies" if word.endswith("y") and word[-2:-1] not in "aeiou" else word + "s"
        out.add(plural)
    return frozenset(out)


# Capitalised words that start a sentence or a phrase but are never part of a
# name ("Meanwhile Ana Lopez plays ...", "Her portrayal").
FUNCTION_WORDS = wordset(
    """
    a an and as at but by for from he her here his how i if in into it its me my no not now of on one or
    our she so that the their them then there these they this those though to too us was we what when
    where which while who why with yet you your also even every each both some many most all after
    before during since until unlike despite although because ultimately meanwhile later together
    finally first next still just only indeed instead perhaps sometimes through throughout beneath
    behind along among between beyond within without against toward towards around across visually
    thematically additionally overall equally is are has have had be been being do does
    """
)

# Words of film talk that can be capitalised ("Director Len Ito", "Fans") but are not names.
FILM_WORDS = wordset(
    """
    fans critics audiences viewers reviewers supporting director directors cinematographer composer
    writer editor producer actor actress star stars veteran newcomer legend icon film films movie movies
    story chapter part volume episode season series sequel prequel spin-off franchise universe trilogy
    saga act scene hollywood oscar oscars academy award awards cast crew action thriller drama
    comedy horror crime rating verdict strengths weaknesses genre country runtime tagline review plot
    narrative performances characters themes reception style score
    """
)

NAME_STOPWORDS = FUNCTION_WORDS | FILM_WORDS

CALENDAR_WORDS = wordset(
    """
    january february march april may june july august september october november december monday tuesday
    wednesday thursday friday saturday sunday
    """
)

# Role words that describe a part but do not name a character.
GENERIC_ROLES = frozenset(
    {
        "lead",
        "villain",
        "protagonist",
        "hero",
        "heroine",
        "antagonist",
        "narrator",
        "star",
        "anti-hero",
        "sidekick",
        "mentor",
        "title character",
        "main character",
        "lead character",
        "love interest",
    }
)

# Ranks and forms of address dropped before a full character name
# ("Detective Yuna Kang" -> "Yuna Kang"; "Agent Smith" keeps its rank).
RANKS = wordset(
    """
    detective officer agent captain sergeant lieutenant inspector sheriff deputy doctor professor
    general colonel major commander father mother sister brother mr. mrs. ms. dr. prof. sgt. lt. capt.
    king queen prince princess lord lady sir dame judge senator mayor uncle aunt young old little
    corporal private admiral marshal constable commissioner superintendent chief
    """
)

# "Reverend Mother of the Sisterhood": a title before "of", not part of the group's name.
MEMBER_TITLES = wordset(
    """
    reverend mother father member members leader leaders head agent agents servant servants heir
    daughter son king queen lord lady emperor empress prince princess master grandmaster chief captain
    general
    """
)

# Words that are titles or ranks rather than names of a group.
GENERIC_TITLES = wordset(
    """
    director king queen president general boss doctor master chairman elder mother father captain chief
    commander emperor prince princess lord lady judge priest
    """
)

# Genre words as they appear in prose, mapped to the display genre.
GENRE_WORDS = {
    "action": "Action",
    "thriller": "Thriller",
    "thrillers": "Thriller",
    "crime": "Crime",
    "drama": "Drama",
    "comedy": "Comedy",
    "horror": "Horror",
    "romance": "Romance",
    "romantic": "Romance",
    "fantasy": "Fantasy",
    "mystery": "Mystery",
    "western": "Western",
    "war": "War",
    "musical": "Musical",
    "animated": "Animation",
    "animation": "Animation",
    "documentary": "Documentary",
    "adventure": "Adventure",
    "noir": "Noir",
    "neo-noir": "Neo-Noir",
    "biopic": "Biography",
    "biographical": "Biography",
    "superhero": "Superhero",
    "spy": "Spy",
    "heist": "Heist",
    "sci-fi": "Science Fiction",
    "scifi": "Science Fiction",
    "science-fiction": "Science Fiction",
    "science fiction": "Science Fiction",
    "martial arts": "Martial Arts",
    "sports": "Sport",
    "disaster": "Disaster",
    "slasher": "Horror",
    "supernatural": "Supernatural",
    "satire": "Satire",
    "satirical": "Satire",
    "mockumentary": "Mockumentary",
    "melodrama": "Melodrama",
    "dramedy": "Comedy",
    "coming-of-age": "Coming-of-Age",
    "historical": "History",
    "period": "Period",
    "psychological": "Psychological",
}

# Prose genre words that only count next to a noun genre ("psychological thriller").
GENRE_ADJECTIVES = frozenset({"psychological", "period", "historical", "romantic"})

# --- cast -----------------------------------------------------------------------
# Nouns for a part or a person in the story ("plays the surveyor Eamon Tully", "Ida, a nurse").
ROLE_NOUNS = words_and_plurals(
    """
    woman man girl boy widow widower orphan teenager teen assassin killer enforcer detective cop officer
    agent spy soldier veteran hitman mercenary thief dancer student teacher mother father daughter
    son sister brother wife husband doctor scientist journalist lawyer pilot hunter fighter warrior boxer
    priest nun monk gangster criminal prisoner outlaw sheriff king queen prince princess knight witch wizard
    vampire drifter loner stranger survivor refugee heir heiress mentor trainer handler courier smuggler chef
    musician singer artist painter writer nurse marine ranger rookie recruit operative prodigy preacher
    investigator violinist pianist keeper farmer miner sailor captain lieutenant sergeant inspector surveyor
    mapmaker cartographer engineer clerk shepherd fisherman fisherwoman vet priestess sibling cousin aunt uncle
    grandmother grandfather grandson granddaughter niece nephew neighbour neighbor friend boss colleague partner
    girlfriend boyfriend fiancé fiancée lover rival
    """
)


# --- the job lexicon -------------------------------------------------------------------------------

# Header keys ("Key: value" lines), folded, mapped to (field, crew job).
HEADER_FIELDS: dict[str, tuple[str, str | None]] = {}
for _keys, _target in (
    ("title|film|movie|film title|movie title", (m.TITLE, None)),
    ("year|release year|year of release|production year", (m.YEAR, None)),
    ("genre|genres|genre s", (m.GENRE, None)),
    ("director|directors|director s|directed by|direction|co directors|dir|co directed by", (m.DIRECTOR, None)),
    (
        "writer director|writer director s|writer directors|written and directed by|written directed by"
        "|writer and director|director and writer|director writer|writer directed by",
        (m.DIRECTOR, "writer"),  # one key, two credits: the director also wrote it
    ),
    (
        "starring|cast|stars|main cast|lead cast|cast members|featuring|with|also starring|voice cast|voices"
        "|principal cast|cast list|leads|lead actors|actors|players|the players|the cast|cast and characters",
        (m.CAST, None),
    ),
    ("runtime|run time|running time|length|duration|running length|total runtime", (m.RUNTIME, None)),
    (
        "release date|released|release|premiere|premiere date|theatrical release|us release|uk release"
        "|release dates|released on|premiered|opening date|in cinemas|in theaters|in theatres|theatrical release date",
        (m.RELEASE_DATE, None),
    ),
    (
        "country|countries|country of origin|countries of origin|production country|production countries|origin",
        (m.COUNTRY, None),
    ),
    ("tagline|taglines|tag line", (m.TAGLINE, None)),
    (
        "rating|score|our rating|my rating|final rating|overall rating|overall score|grade|final score|our score"
        "|my score|star rating|critic rating|critic s rating|review score|the score|verdict score",
        (m.RATING, None),
    ),
    (
        "verdict|final verdict|the verdict|bottom line|conclusion|in short|tl dr|tldr|the short version",
        (m.VERDICT, None),
    ),
    ("pros|strengths|the good|highlights|positives|likes", (m.STRENGTH, None)),
    ("cons|weaknesses|the bad|drawbacks|negatives|dislikes", (m.WEAKNESS, None)),
    (
        "writer|writers|writer s|written by|screenplay|screenplay by|screenwriter|screenwriters|script|writing"
        "|script by|story by|screen story|screen story by|screenplay writer|scriptwriter|scriptwriters|screenwriting"
        "|screenplays|writing credits|adaptation by|adapted by|teleplay by",
        (m.CREW, "writer"),
    ),
    (
        "music|music by|composer|original score|original music|score by|original score by|composed by|soundtrack by"
        "|music score|musical score|music composed by|original music by|composers|composer s|score composer",
        (m.CREW, "composer"),
    ),
    (
        "cinematography|cinematographer|director of photography|photography|dop|dp|d o p|d p|shot by"
        "|cinematography by|photographed by|lensed by|cinematographers|cameraman|lighting cameraman",
        (m.CREW, "cinematographer"),
    ),
    (
        "editor|editors|editing|film editing|edited by|editing by|film editor|film editors|montage|cut by",
        (m.CREW, "editor"),
    ),
    ("producer|producers|produced by|producer s|executive producer|executive producers", (m.CREW, "producer")),
    (
        "production design|production designer|production design by|production designers",
        (m.CREW, "production designer"),
    ),
    (
        "costume design|costume designer|costumes|costumes by|costume design by|costume designers|wardrobe",
        (m.CREW, "costume designer"),
    ),
    ("stunt coordinator|stunts|stunt coordination|stunt coordinators|stunts by", (m.CREW, "stunt coordinator")),
    (
        "visual effects|visual effects supervisor|vfx|vfx supervisor|special effects|effects|visual effects by",
        (m.CREW, "visual effects supervisor"),
    ),
    ("casting|casting director|casting by", (m.CREW, "casting director")),
    ("choreography|fight choreography|choreographer|fight choreographer", (m.CREW, "choreographer")),
):
    for _key in _keys.split("|"):
        HEADER_FIELDS[_key] = _target
# Header keys the extractor knows but reads nothing from (no field of the model, or about
# other films: "Sequel to: ..."). Their lines are headers all the same, not headings.
IGNORED = ""
for _key in (
    "language|languages|original language|spoken language|budget|box office|gross|distributor|distributed by"
    "|studio|studios|production company|production companies|certificate|certification|rated|age rating"
    "|mpaa rating|mpaa|bbfc|classification|aspect ratio|format|sound mix|color|colour|based on|where to watch"
    "|available on|streaming on|watch on|platform|reviewed by|review by|critic|author|filming locations"
    "|filming location|franchise|series|sequel to|prequel to|followed by|preceded by|remake of|original title"
    "|also known as|aka|festival|premiered at|awards|website|trailer|spoilers|content warning|seen at"
    "|from the story by|from the novel by|based on the novel by|based on the story by|based on the play by"
    "|from the play by|novel|novel by|source material|publicity|publicity contact|press contact|image|caption"
).split("|"):
    HEADER_FIELDS[_key] = (IGNORED, None)
HEADER_FIELDS[IGNORED] = (IGNORED, None)  # an unknown key next to headers
# ("Stars: A, B" is a cast list, but "Stars: 4/5" a score: the extractor looks at the value.)

# Abbreviations of newspaper capsules and credit blocks ("dir. X; with Y, Z; ph. W; mus. V; 170 min.").
# Only read inside a capsule or as a key followed by a period or colon, where nothing else is meant.
CAPSULE_KEYS: dict[str, tuple[str, str | None]] = {
    "dir": (m.DIRECTOR, None),
    "d": (m.DIRECTOR, None),
    "with": (m.CAST, None),
    "w": (m.CAST, None),
    "starring": (m.CAST, None),
    "cast": (m.CAST, None),
    "ph": (m.CREW, "cinematographer"),
    "phot": (m.CREW, "cinematographer"),
    "cin": (m.CREW, "cinematographer"),
    "dp": (m.CREW, "cinematographer"),
    "dop": (m.CREW, "cinematographer"),
    "mus": (m.CREW, "composer"),
    "m": (m.CREW, "composer"),
    "music": (m.CREW, "composer"),
    "scr": (m.CREW, "writer"),
    "sc": (m.CREW, "writer"),
    "scrn": (m.CREW, "writer"),
    "wr": (m.CREW, "writer"),
    "ed": (m.CREW, "editor"),
    "prod": (m.CREW, "producer"),
    "pd": (m.CREW, "production designer"),
    "cos": (m.CREW, "costume designer"),
    "cost": (m.CREW, "costume designer"),
    "prod des": (m.CREW, "production designer"),
    "prod design": (m.CREW, "production designer"),
    "edit": (m.CREW, "editor"),
    "photog": (m.CREW, "cinematographer"),
}
for _key, _named in list(HEADER_FIELDS.items()):
    if _named[0] not in (IGNORED, m.TITLE, m.VERDICT, m.STRENGTH, m.WEAKNESS, m.TAGLINE):
        CAPSULE_KEYS.setdefault(_key, _named)

# Table header cells: which column holds the actor, the character, the job, the person.
ACTOR_COLUMNS = frozenset(
    {"actor", "actors", "actress", "cast", "performer", "played by", "star", "who", "cast member"}
)
CHARACTER_COLUMNS = frozenset({"character", "characters", "role", "part", "as", "playing", "character name"})
JOB_COLUMNS = frozenset({"job", "role", "credit", "position", "department", "crew", "function", "what"})
PERSON_COLUMNS = frozenset({"name", "person", "who", "credited", "names", "people"})


# The verb of a "Who ... ?" question and the job its answer names ("Who shot it?" -> cinematographer).
QUESTION_VERBS: dict[str, tuple[str, str | None]] = {
    "directed": (m.DIRECTOR, None),
    "directs": (m.DIRECTOR, None),
    "helmed": (m.DIRECTOR, None),
    "shot": (m.CREW, "cinematographer"),
    "photographed": (m.CREW, "cinematographer"),
    "lensed": (m.CREW, "cinematographer"),
    "scored": (m.CREW, "composer"),
    "composed": (m.CREW, "composer"),
    "edited": (m.CREW, "editor"),
    "cut": (m.CREW, "editor"),
    "produced": (m.CREW, "producer"),
    "stars": (m.CAST, None),
    "starred": (m.CAST, None),
    "plays": (m.CAST, None),
}


# "written by X" names a writer only when what was written is the script: the noun before the verb decides.
WRITTEN_MUSIC = frozenset("score scores music song songs theme themes soundtrack lyrics anthem ballad melody".split())
WRITTEN_SOURCE = frozenset(
    "novel novels book books story stories play plays memoir article comic comics novella poem source".split()
)


def written_job(before: str) -> str | None:
    """The job of "<before> written by X": composer after a music noun, nobody after a book, else writer."""
    words = [w.strip(".,;:'’\"“”()").lower() for w in before.split()[-6:]]
    for word in reversed(words):
        if word in WRITTEN_MUSIC:
            return "composer"
        if word in WRITTEN_SOURCE:
            return None
    return "writer"


def field_of(key: str) -> tuple[str, str | None] | None:
    """(field, crew job) a folded key names, or None when the lexicon does not know it."""
    return HEADER_FIELDS.get(key)


def job_of(key: str) -> tuple[str, str | None] | None:
    """(director or crew, job) a folded job word names ("producers", "director of photography"), or None.

    Only jobs: a key naming another field ("runtime", "cast") or nothing ("budget") gives None.
    """
    target = HEADER_FIELDS.get(key)
    if target is not None:
        return target if target[0] in (m.DIRECTOR, m.CREW) else None
    job = CREW_JOBS.get(key) or BILLED_JOBS.get(key)
    return (m.CREW, job) if job else None


# Words that end a company's name, never a person's ("Harbour Pictures", "Red Wagon Productions").
COMPANY_WORDS = wordset(
    """
    pictures studios studio films productions production entertainment media company group releasing
    distribution features animation classics international inc ltd llc corporation corp present presents
    """
)

# Countries as a listing names them ("Japan/France 1985 · 162 min"): only these are read there.
COUNTRY_NAMES = frozenset(
    """
    United States|United Kingdom|France|Germany|West Germany|East Germany|Italy|Spain|Portugal|Japan|China
    |Hong Kong|Taiwan|South Korea|North Korea|India|Iran|Israel|Turkey|Egypt|Mexico|Brazil|Argentina|Chile
    |Colombia|Peru|Cuba|Canada|Australia|New Zealand|Ireland|Belgium|Netherlands|Luxembourg|Switzerland
    |Austria|Denmark|Sweden|Norway|Finland|Iceland|Poland|Czechoslovakia|Czech Republic|Slovakia|Hungary
    |Romania|Bulgaria|Greece|Yugoslavia|Serbia|Croatia|Bosnia and Herzegovina|Slovenia|Russia|Soviet Union
    |Ukraine|Georgia|Estonia|Latvia|Lithuania|Senegal|Nigeria|South Africa|Morocco|Tunisia|Algeria|Lebanon
    |Palestine|Jordan|Saudi Arabia|Thailand|Vietnam|Philippines|Indonesia|Malaysia|Singapore|Pakistan
    |Bangladesh|Sri Lanka|Kazakhstan|Mongolia|Venezuela|Uruguay|Bolivia|Ecuador|Jamaica|Kenya|Ghana|Ethiopia
    """.replace("\n", "")
    .replace("    ", "")
    .split("|")
)

# Row keys of a score table that score the film itself ("| Movie | ★★★★½ |", "| Overall | 4/5 |"); the
# other rows ("Video", "Audio", "Extras") score a disc or a part of it.
SCORE_ROW_KEYS = wordset("overall movie film feature") | {"the film", "the movie", "overall rating"}

# Keys that open a line about the page itself, not the film ("Hosts: … · Runtime: 1 hr 24 min" is the episode's).
PAGE_KEYS = frozenset(
    "host|hosts|hosted by|guest|guests|episode|ep|presented by|presenter|presenters|posted|posted by|author|by"
    "|filed under|tags|reading time|read time|listen|subscribe|recorded|recorded at|published|updated".split("|")
)

# Words of a heading over a part of a review, not over another film ("Behind the camera", "The cast").
SECTION_WORDS = wordset(
    """
    cast crew credits credit production reception plot story synopsis verdict review reviews performances
    performance music score soundtrack look sound direction directing writing script background history
    trivia facts details detail info information about notes summary final thoughts overview conclusion
    camera cinematography editing design costumes effects release box office awards legacy themes analysis
    why what how who where when pros cons strengths weaknesses rating ratings bottom line takeaway extras
    video audio disc specs features comments related more also see read share subscribe filmmakers players
    starring characters cameos quotes goofs faq questions answers highlights lowlights part chapter episode
    """
)

# Words of a heading over a cast list ("PLAYERS", "Cast (in order of appearance)", "The voices").
CAST_SECTION_WORDS = wordset("cast players starring actors performers voices ensemble")

# Jobs only a billing names ("DANA ROE (Story / Screenplay)"): as a header key, "Story:" is a synopsis.
BILLED_JOBS = {"story": "writer", "original story": "writer", "screen story": "writer", "music": "composer"}


# --- jobs in prose ---------------------------------------------------------------------------------
# Words that turn "director" into another job: "casting director X".
OTHER_DIRECTORS = wordset("casting art music musical creative assistant action fight unit artistic")

# --- crew ---------------------------------------------------------------------
CREW_JOBS = {
    "cinematographer": "cinematographer",
    "director of photography": "cinematographer",
    "composer": "composer",
    "film editor": "editor",
    "editor": "editor",
    "screenwriter": "writer",
    "co-writer": "writer",
    "writer": "writer",
    "executive producer": "producer",
    "producer": "producer",
    "production designer": "production designer",
    "costume designer": "costume designer",
    "stunt coordinator": "stunt coordinator",
    "fight coordinator": "stunt coordinator",
    "fight choreographer": "choreographer",
    "choreographer": "choreographer",
    "sound designer": "sound designer",
    "visual effects supervisor": "visual effects supervisor",
    "casting director": "casting director",
}

CREW_JOBS.update(
    {job + "s": target for job, target in list(CREW_JOBS.items()) if not job.endswith("s")}
)  # "producers A and B"

# Abbreviations, written in capitals only ("DP Ada Ring"; "dp" is no word).
CREW_ABBREVIATIONS = {"DP": "cinematographer", "DoP": "cinematographer", "DOP": "cinematographer"}

CREW_JOBS.update({abbreviation.lower(): job for abbreviation, job in CREW_ABBREVIATIONS.items()})

# "Kowalczyk's score", "Dahl's cinematography": the possessor's job, by the noun.
POSSESSIVE_JOBS = {
    "score": "composer",
    "music": "composer",
    "soundtrack": "composer",
    "cinematography": "cinematographer",
    "camerawork": "cinematographer",
    "lensing": "cinematographer",
    "editing": "editor",
    "photography": "cinematographer",
    "screenplay": "writer",
    "script": "writer",
    "direction": "director",
}

CAST_NOTES = frozenset({"cameo", "voice", "uncredited", "archive footage", "special appearance", "guest", "narrator"})
