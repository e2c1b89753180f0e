"""Names normalised for public search (decision 0018), one rule for both databases.

`search_name("  MacDonald-Smith, Inc. ")` is `"macdonaldsmith"`: accents removed (é -> e,
ß -> ss), lower case, apostrophes and periods dropped ("O'Brien" is "obrien", "L.L.C." is
"llc"), every run of characters other than a-z and 0-9 read as one space, a leading "the" and
trailing organisation suffixes (LLC, Inc., Co., Corp., ...) dropped, and the spaces removed
(so "Smith-Jones",
"Smith Jones" and "SmithJones" are one name). `search_words` is the same form with its words
kept apart, each after a space (`" mcdonald smith"`), for finding a word inside a name
("Smith" in "Mary Smith", never "Ann" in "Adrian Norman"): the judgments index.

"Mac" and "Mc" are one name where what follows is a name (`name_variants`: "MacDonald" finds
McDonald and "McKay" MacKay), never where it is only a letter or two ("Mack" does not find
McKinney, "Ma" finds Mack): the search asks for both spellings; the forms keep what was
written.

The database computes the same thing with the SQL function `SEARCH_NAME_FUNCTION`, so queries
and indexes use one expression, `search_name_of(field)` (`search_key_of(field)` for a prefix:
`prefix_match`):
- on PostgreSQL it is an IMMUTABLE SQL function over `unaccent` (created by migration
  cases.0005, which also creates the pg_trgm and unaccent extensions and the GIN trigram
  indexes over it);
- on SQLite it is this module's `search_name`, registered on every new connection
  (`register_sqlite_function`, connected in CasesConfig.ready).
The two agree on Latin letters with accents (tests/public/test_search.py checks PostgreSQL's
against this one).
"""

from __future__ import annotations

import re
import unicodedata

from django.db.models import CharField, Expression, F, Func, Q, TextField

SEARCH_NAME_FUNCTION = "efiling_search_name"
SEARCH_WORDS_FUNCTION = "efiling_search_words"

ORGANIZATION_SUFFIXES = (
    "llc",
    "pllc",
    "llp",
    "lp",
    "inc",
    "incorporated",
    "co",
    "corp",
    "corporation",
    "company",
    "ltd",
    "pc",
)
_SUFFIXES = "|".join(ORGANIZATION_SUFFIXES)
# Letters NFKD does not take apart, as PostgreSQL's unaccent writes them.
_LETTERS = str.maketrans({"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d", "þ": "th"})
_JOINERS = re.compile("['\u2019`.]")  # inside a word: "O'Brien", "L.L.C." are one word
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")
_LEADING_THE = re.compile(r"^the ")
_TRAILING_SUFFIXES = re.compile(rf"( ({_SUFFIXES}))+$")
# A search key that starts so is also asked for in the other spelling, when at least
# MAC_REST_MIN characters follow ("mcdonald" and "macdonald"; "mack" alone).
MAC_SPELLINGS = ("mac", "mc")
MAC_REST_MIN = 3


def search_words(value: str | None) -> str | None:
    """`value`'s words in their search form, each after one space: `" mcdonald smith"` (the
    module docstring); "" for a value without letters or digits; None stays None."""
    if value is None:
        return None
    text = unicodedata.normalize("NFKD", value.lower().translate(_LETTERS))
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = _NOT_ALNUM.sub(" ", _JOINERS.sub("", text)).strip()
    text = _TRAILING_SUFFIXES.sub("", _LEADING_THE.sub("", text))
    return f" {text}" if text else ""


def search_name(value: str | None) -> str | None:
    """`value` in its search form (see the module docstring); None stays None, "" stays ""."""
    words = search_words(value)
    return None if words is None else words.replace(" ", "")


def search_name_of(field: str | Expression) -> Func:
    """The database expression for `search_name(<field>)` (a field's name or an expression),
    for filters, indexes and generated columns."""
    value = F(field) if isinstance(field, str) else field
    return Func(value, function=SEARCH_NAME_FUNCTION, output_field=TextField())


def search_words_of(field: str) -> Func:
    """The database expression for `search_words(<field>)`."""
    return Func(F(field), function=SEARCH_WORDS_FUNCTION, output_field=TextField())


class _InByteOrder(Func):
    """Its expression compared byte by byte: COLLATE "C" on PostgreSQL (SQLite compares text
    so by default)."""

    template = "%(expressions)s"
    output_field = CharField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler, connection, template='%(expressions)s COLLATE "C"', **extra_context
        )


def search_key_of(field: str) -> Func:
    """`search_name_of(field)` in byte order, the expression of the btree indexes that serve
    a name prefix (prefix_match; on PostgreSQL `(efiling_search_name(<column>) COLLATE "C")`,
    SEARCH_KEY_INDEX)."""
    return _InByteOrder(search_name_of(field))


def stored_key_of(field: str) -> Func:
    """A stored search form (`field`, e.g. Party.name_key) in byte order, as its btree index
    holds it (cases.0007), for prefix_match."""
    return _InByteOrder(F(field))


def name_variants(key: str) -> list[str]:
    """The spellings a search asks for, `key` (a search form, or search words without their
    leading space) first: with its "mac" written "mc" or the other way round when at least
    MAC_REST_MIN characters follow ("macdonald": ["macdonald", "mcdonald"]; "mack": ["mack"])."""
    for spelling in MAC_SPELLINGS:
        rest = key[len(spelling) :]
        if key.startswith(spelling) and len(rest) >= MAC_REST_MIN and rest[0] != " ":
            other = next(s for s in MAC_SPELLINGS if s != spelling)
            return [key, other + rest]
    return [key]


def prefix_match(alias: str, key: str) -> Q:
    """The condition that `alias` (an alias of search_key_of) starts with `key` (a search form,
    not empty) or its other spelling (name_variants): each a range, `key` <= value < the first
    string after all that start with it, so a btree index answers it exactly (a search form
    has a-z and 0-9 only, so the next character of the last one ends the range)."""
    condition = Q()
    for variant in name_variants(key):
        after = variant[:-1] + chr(ord(variant[-1]) + 1)
        condition |= Q(**{f"{alias}__gte": variant, f"{alias}__lt": after})
    return condition


# The btree index over a search key of `column` (e.g. "last_name"), on PostgreSQL
# (migrations cases.0006; the extension and function of cases.0005).
SEARCH_KEY_INDEX = f'({SEARCH_NAME_FUNCTION}({{column}}) COLLATE "C")'


# The words of a name in their search form, in SQL (the steps of search_words but the leading
# space), over the text `{value}`.
_WORDS_SQL = rf"""
    regexp_replace(
      regexp_replace(
        btrim(regexp_replace(
          regexp_replace(lower(public.unaccent('public.unaccent'::regdictionary, {{value}})),
            '[''\u2019`.]', '', 'g'),
          '[^a-z0-9]+', ' ', 'g')),
        '^the ', ''),
      '( ({_SUFFIXES}))+$', '')"""
# The PostgreSQL functions, the same steps as search_name (migration cases.0005) and
# search_words (migration cases.0007).
POSTGRESQL_FUNCTION = f"""
CREATE OR REPLACE FUNCTION {SEARCH_NAME_FUNCTION}(value text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
SELECT replace({_WORDS_SQL.format(value="value")}, ' ', '')
$$;
"""
POSTGRESQL_WORDS_FUNCTION = f"""
CREATE OR REPLACE FUNCTION {SEARCH_WORDS_FUNCTION}(value text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
SELECT regexp_replace({_WORDS_SQL.format(value="value")}, '^(.)', ' \\1')
$$;
"""


def register_sqlite_function(sender, connection, **kwargs):
    """connection_created receiver: gives an SQLite connection `SEARCH_NAME_FUNCTION` and
    `SEARCH_WORDS_FUNCTION`."""
    if connection.vendor == "sqlite":
        for name, function in ((SEARCH_NAME_FUNCTION, search_name),
                               (SEARCH_WORDS_FUNCTION, search_words)):  # fmt: skip
            connection.connection.create_function(name, 1, function, deterministic=True)
