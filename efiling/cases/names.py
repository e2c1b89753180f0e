"""Names normalised for public search (decision 0018), one rule for both databases.

`search_name("  MacDonald-Smith, Inc. ")` is `"mcdonaldsmith"`: accents removed (é -> e,
ß -> ss), lower case, every run of characters other than a-z and 0-9 read as one space, a
leading "the" and trailing organisation suffixes (LLC, Inc., Co., Corp., ...) dropped, the
"mac" that starts a word written "mc" (so "MacDonald" and "McDonald" are one name), and the
spaces removed (so "Smith-Jones", "Smith Jones" and "SmithJones" are one name).

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

from django.db.models import CharField, F, Func, Q

SEARCH_NAME_FUNCTION = "efiling_search_name"

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
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")
_LEADING_THE = re.compile(r"^the ")
_TRAILING_SUFFIXES = re.compile(rf"( ({_SUFFIXES}))+$")
_MAC = re.compile(r"(^| )mac")


def search_name(value: str | None) -> str | None:
    """`value` in its search form (see the module docstring); None stays None, "" stays ""."""
    if value is None:
        return None
    text = unicodedata.normalize("NFKD", value.lower().translate(_LETTERS))
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = _NOT_ALNUM.sub(" ", text).strip()
    text = _TRAILING_SUFFIXES.sub("", _LEADING_THE.sub("", text))
    return _MAC.sub(r"\1mc", text).replace(" ", "")


def search_name_of(field: str) -> Func:
    """The database expression for `search_name(<field>)`, for filters and indexes."""
    return Func(F(field), function=SEARCH_NAME_FUNCTION, output_field=CharField())


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


def prefix_match(alias: str, key: str) -> Q:
    """The condition that `alias` (an alias of search_key_of) starts with `key` (a search form,
    not empty): a range, `key` <= value < the first string after all that start with it, so a
    btree index answers it exactly (a search form has a-z and 0-9 only, so the next character
    of the last one ends the range)."""
    after = key[:-1] + chr(ord(key[-1]) + 1)
    return Q(**{f"{alias}__gte": key, f"{alias}__lt": after})


# The btree index over a search key of `column` (e.g. "last_name"), on PostgreSQL
# (migrations cases.0006; the extension and function of cases.0005).
SEARCH_KEY_INDEX = f'({SEARCH_NAME_FUNCTION}({{column}}) COLLATE "C")'


# The PostgreSQL function, the same steps as search_name (migration cases.0005).
POSTGRESQL_FUNCTION = rf"""
CREATE OR REPLACE FUNCTION {SEARCH_NAME_FUNCTION}(value text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
SELECT replace(
  regexp_replace(
    regexp_replace(
      regexp_replace(
        btrim(regexp_replace(
          lower(public.unaccent('public.unaccent'::regdictionary, value)), '[^a-z0-9]+', ' ', 'g'
        )),
        '^the ', ''),
      '( ({_SUFFIXES}))+$', ''),
    '(^| )mac', '\1mc', 'g'),
  ' ', '')
$$;
"""


def register_sqlite_function(sender, connection, **kwargs):
    """connection_created receiver: gives an SQLite connection `SEARCH_NAME_FUNCTION`."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            SEARCH_NAME_FUNCTION, 1, search_name, deterministic=True
        )
