"""Pull quotes: one to three short evaluative sentences of a review's verdict or closing lines."""

from __future__ import annotations

import re

from bot.ingest import lexicon as lx

# --- pull quotes ------------------------------------------------------------------
EVALUATIVE = lx.wordset(
    """
    beautiful stunning masterful masterpiece triumph triumphant captivating mesmerizing mesmerising
    breathtaking unforgettable gripping riveting haunting powerful moving brilliant exhilarating
    electrifying dazzling must-see spectacular evolution extraordinary remarkable superb sublime
    thrilling poetic exceptional compelling visceral stylish gorgeous elegant standout perfect bold
    ambitious fresh delight delightful landmark essential masterclass knockout astonishing audacious
    relentless sleek best finest dull tedious disappointing mess misfire forgettable bland flawed
    stunningly beautifully hauntingly sophisticated vivid cathartic striking assured confident rewarding
    unmissable iconic hilarious heartfelt raucous funny terrifying chilling poignant tender intimate
    epic towering achievement classic crowd-pleaser luminous lush magnetic electric fierce devastating
    affecting memorable flawless breathless exhilarating triumphantly thrilling dazzling spellbinding
    riveting absorbing engrossing
    """
)

PULL_QUOTE_SHAPE = re.compile(
    r"\b(?:is|isn['’]t|are)\s+(?:not|more\s+than)\s+(?:just|merely|simply)\b|\bmore\s+than\s+(?:just\s+)?a\b|\bnot\s+just\s+a\b",
    re.I,
)

QUOTE_SHAPE_WORDS = lx.wordset("just merely simply more")  # a sentence may have PULL_QUOTE_SHAPE

PRONOUN_START = lx.wordset("it this that they he she her his their these those but and yet so here there its")
