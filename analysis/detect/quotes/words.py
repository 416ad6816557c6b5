"""The word lists the quote rules read (``analysis/lexicons/wordlists/*.txt``).

Each list is data with a version and a changelog line in
``analysis/lexicons/README.md``; nothing here is a list written in code.
"""

from __future__ import annotations

from analysis.wordlists import wordlist

PERSON_PRONOUNS = wordlist("person_pronouns")
OTHER_PRONOUNS = wordlist("other_pronouns")
PRONOUNS = PERSON_PRONOUNS | OTHER_PRONOUNS
TITLE_WORDS = wordlist("title_words")
ORG_WORDS = wordlist("org_words")
NAME_PARTICLES = wordlist("name_particles")
LEADING_FUNCTION_WORDS = wordlist("leading_function_words")
ABBREV_WITH_DOT = wordlist("title_abbreviations")
PARTIAL_QUOTE_CUES = wordlist("partial_quote_cues")
BARE_CLAUSE_CUES = wordlist("bare_clause_cues")
SUBJECT_SKIP = wordlist("subject_skip")
DETERMINERS = wordlist("determiners")
CLAUSE_BREAKS = wordlist("clause_breaks")
TITLE_SMALL_WORDS = wordlist("title_small_words")
NOT_SPEAKERS = wordlist("calendar_words") | wordlist("holiday_words")
ORG_REFERENCE_NOUNS = wordlist("org_reference_nouns")
SENTENCE_ADVERBS = wordlist("sentence_adverbs")
LINKING_WORDS = wordlist("linking_words")
PAGE_DIRECTIONS = wordlist("page_directions")
DOCUMENT_NOUNS = wordlist("document_nouns")
CLAUSE_PREPOSITIONS = wordlist("clause_prepositions")
TELL_VERBS = wordlist("tell_verbs")
SCARE_INTRODUCERS = wordlist("scare_quote_introducers")
LOCATIVES = wordlist("locative_prepositions")
MASTHEAD_NOUNS = wordlist("masthead_nouns")
NEWS_OUTLETS = wordlist("news_outlets")
MEDIA_NOUNS = wordlist("media_nouns")
PERSON_NOUNS = wordlist("person_nouns")
MALE_NOUNS = wordlist("gender_male_nouns")
FEMALE_NOUNS = wordlist("gender_female_nouns")
CORPORATE_NAME_WORDS = wordlist("corporate_name_words")
BUSINESS_NOUNS = wordlist("business_nouns")
PLACE_NOUNS = wordlist("place_nouns")
POSTNOMINAL_MODIFIERS = wordlist("postnominal_modifiers")
IRREGULAR_PLURALS = wordlist("irregular_plurals")
