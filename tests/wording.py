"""How a message built from a field's label must read (efiling.core.words.field_phrase): no
"The your electronic signature", "Give the my ...", no "The line 1: amount ..." where a label
that is no noun phrase was put after "The" unquoted."""

import re

_DOUBLE_DETERMINER = re.compile(
    r"\b(the|give the) (your|my|our|their|his|her|its|the|this|that|a|an) ", re.IGNORECASE
)


def assert_reads_well(message: str, label: str, where: str = "") -> None:
    """`message` (a refusal of the field labelled `label`) reads as English: one determiner
    before the label, and a label with a colon or a question mark quoted, never after a bare
    "The"."""
    assert not _DOUBLE_DETERMINER.search(message), (where, message)
    if ":" in label or label.endswith("?"):
        bare = re.compile(rf"\b[Tt]he {re.escape(label)}", re.IGNORECASE)
        assert not bare.search(message), (where, message)
        assert label.casefold() not in message.casefold() or f"\u201c{label}\u201d" in message, (
            where,
            message,
        )
