"""Answers to the questions filers ask most (the seed's FAQ, in the project's own words), as
(question, answer) pairs the help page shows in this order. Limits and hours quoted here come
from the settings and the hours the pages show beside them, never a second copy."""

QUESTIONS = [
    (
        "What is this system for?",
        "It lets registered users open cases and file documents in the participating Missouri "
        "courts without paper, and read their cases' records and the court's notices online.",
    ),
    (
        "Who can file?",
        "A Missouri attorney in good standing, once registered with their bar number; staff "
        "whom such an attorney authorizes, under the attorney's name; an attorney from another "
        "state admitted pro hac vice, with Missouri counsel. Anyone may search the public "
        "record without an account.",
    ),
    (
        "When can I file?",
        "At any hour, every day, except during maintenance announced at least three business "
        "days ahead on every page. The system is busiest, and supported best, in the hours "
        "shown above as the best hours to use it.",
    ),
    (
        "The system was down when my filing was due. What do I do?",
        "Keep a record of each attempt (the reference number shown, the time, what went "
        "wrong) and present it to the court as Rule 103.06 directs. The status page lists the "
        "outages and maintenance, and your attempt record can be downloaded and verified.",
    ),
    (
        "How large can my documents be?",
        "Each file and each submission have a size limit; the filing pages say both before you "
        "upload. Split a document that is too large into parts and file them together.",
    ),
    (
        "I am locked out or lost my phone for the second factor.",
        "After several wrong passwords an account is locked for a while: wait, reset your "
        "password, or call the help desk, which can unlock it. If you lost both your phone "
        "and your recovery codes, the help desk checks who you are (an attorney is called back "
        "at the number on the bar roster) and a second person approves clearing the factor.",
    ),
]
