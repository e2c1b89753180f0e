"""Hand-worked oracle cases for the court calendar and the Rule 44.01(a) deadline calculator.

Independent of the implementation: every expected value below was worked out by hand from
Rule 44.01(a) and the RSMo 9.010 legal-holiday list (see docs/domain.md, "Counting time"),
and each weekday was checked with ``datetime.date.weekday()``.

Rules applied
-------------
* Legal holidays (RSMo 9.010): Jan 1; 3rd Mon of Jan; Feb 12 (Lincoln Day); 3rd Mon of Feb;
  May 8 (Truman Day); last Mon of May; Jul 4; 1st Mon of Sep; 2nd Mon of Oct; Nov 11;
  4th Thu of Nov; Dec 25; and Juneteenth (Jun 19), a Missouri public holiday from 2022 on
  (state courts closed Monday, June 20, 2022, by the Sunday rule).
* A holiday falling on a Sunday is kept on the following Monday.
* A holiday falling on a Saturday stays on the Saturday: the Friday before is an ordinary
  business day unless the court records it as a closure day.
* Juneteenth was not a holiday before 2022. In 2021 (Jun 19 a Saturday) state offices closed
  Friday, June 18, by executive order: a statewide closure day, part of the shipped data.
* The day after Thanksgiving is NOT a statutory holiday; it is a non-business day only for a
  court that records it as a closure day.
* Court closure days count as legal holidays for that court only.
* Rule 44.01(a): the day of the triggering event is excluded (it may itself be a weekend or
  holiday). Periods of less than 7 days count only business days (intermediate Saturdays,
  Sundays, legal holidays and closures are skipped). Periods of 7 days or more count calendar
  days; only the last day is rolled forward to the next business day if it is a Saturday,
  Sunday, legal holiday or closure day (possibly over several consecutive such days).

Holiday dates used (weekday checked):
  2024: Jan 1 Mon, Jan 15 Mon, Feb 12 Mon, Feb 19 Mon, May 8 Wed, May 27 Mon, Jun 19 Wed,
        Jul 4 Thu, Sep 2 Mon, Oct 14 Mon, Nov 11 Mon, Nov 28 Thu, Dec 25 Wed
  2025: Jan 1 Wed, Jan 20 Mon, Feb 12 Wed, Feb 17 Mon, May 8 Thu, May 26 Mon, Jun 19 Thu,
        Jul 4 Fri, Sep 1 Mon, Oct 13 Mon, Nov 11 Tue, Nov 27 Thu, Dec 25 Thu
  2026: Jan 1 Thu, Jan 19 Mon, Feb 12 Thu, Feb 16 Mon, May 8 Fri, May 25 Mon, Jun 19 Fri,
        Jul 4 Sat, Sep 7 Mon, Oct 12 Mon, Nov 11 Wed, Nov 26 Thu, Dec 25 Fri
  2027: Jan 1 Fri, Jan 18 Mon, Feb 12 Fri, Feb 15 Mon, May 8 Sat, May 31 Mon, Jun 19 Sat,
        Jul 4 Sun -> kept Mon Jul 5, Sep 6 Mon, Oct 11 Mon, Nov 11 Thu, Nov 25 Thu, Dec 25 Sat
  2028: Jan 1 Sat, Jan 17 Mon, Feb 12 Sat, Feb 21 Mon, May 8 Mon, May 29 Mon, Jun 19 Mon,
        Jul 4 Tue, Sep 4 Mon, Oct 9 Mon, Nov 11 Sat, Nov 23 Thu, Dec 25 Mon
  Juneteenth only: 2020 Jun 19 Fri (not a holiday yet); 2021 Jun 19 Sat (not a holiday yet;
        Fri Jun 18 closed statewide); 2022 Jun 19 Sun -> kept Mon Jun 20
  2029 (only for the Sunday-Nov-11 cases): Nov 11 Sun -> kept Mon Nov 12
No Lincoln Day or Truman Day falls on a Sunday in 2024-2028 (next: Feb 12 2034, May 8 2033),
so those two are covered by their Saturday cases (Feb 12 2028, May 8 2027).
"""

from datetime import date

# (description, court_closures, day, expected_is_business_day)
BUSINESS_DAY_CASES: list[tuple[str, tuple[date, ...], date, bool]] = [
    # --- ordinary days -----------------------------------------------------------------
    # Wed, no holiday
    ("ordinary Wednesday", (), date(2025, 3, 12), True),
    # Sat
    ("ordinary Saturday", (), date(2025, 3, 15), False),
    # Sun
    ("ordinary Sunday", (), date(2025, 3, 16), False),
    # Mon, no holiday
    ("ordinary Monday", (), date(2025, 3, 17), True),
    # --- statutory holidays on weekdays --------------------------------------------------
    # Jan 1
    ("New Year's Day 2025 (Wed)", (), date(2025, 1, 1), False),
    # Mondays 5,12,19
    ("MLK Day 2026 = 3rd Monday of January", (), date(2026, 1, 19), False),
    # Feb 12
    ("Lincoln Day 2025 (Wed Feb 12)", (), date(2025, 2, 12), False),
    # Mondays 2,9,16
    ("Washington's Birthday 2026 = 3rd Monday of February", (), date(2026, 2, 16), False),
    # May 8
    ("Truman Day 2024 (Wed May 8)", (), date(2024, 5, 8), False),
    # May 8
    ("Truman Day 2026 (Fri May 8)", (), date(2026, 5, 8), False),
    # May 8
    ("Truman Day 2028 (Mon May 8)", (), date(2028, 5, 8), False),
    # May 31 is a Mon
    ("Memorial Day 2027 = last Monday of May", (), date(2027, 5, 31), False),
    # Jul 4
    ("Independence Day 2025 (Fri)", (), date(2025, 7, 4), False),
    # Sep 1 is a Fri
    ("Labor Day 2028 = 1st Monday of September", (), date(2028, 9, 4), False),
    # Mondays 7,14
    ("Columbus Day 2024 = 2nd Monday of October", (), date(2024, 10, 14), False),
    # Nov 11
    ("Veterans Day 2025 (Tue)", (), date(2025, 11, 11), False),
    # Thu 6,13,20,27
    ("Thanksgiving 2025 = 4th Thursday of November", (), date(2025, 11, 27), False),
    # Dec 25
    ("Christmas 2024 (Wed)", (), date(2024, 12, 25), False),
    # Thu, not a holiday
    ("day after Christmas 2024 is a business day", (), date(2024, 12, 26), True),
    # --- Sunday holiday kept on Monday ---------------------------------------------------
    # Sunday anyway
    ("July 4 2027 is a Sunday", (), date(2027, 7, 4), False),
    # Sunday rule
    ("July 4 2027 (Sun) is kept on Monday July 5", (), date(2027, 7, 5), False),
    # only one Monday added
    ("Tuesday after the kept July 4 2027 is a business day", (), date(2027, 7, 6), True),
    # --- Saturday holiday stays on Saturday ----------------------------------------------
    # no Friday observance
    ("Friday before July 4 2026 (Sat) is a business day", (), date(2026, 7, 3), True),
    # Saturday not moved
    ("Monday after July 4 2026 (Sat) is a business day", (), date(2026, 7, 6), True),
    # Saturday
    ("Lincoln Day 2028 falls on Saturday", (), date(2028, 2, 12), False),
    # no Friday observance
    ("Friday before Lincoln Day 2028 (Sat) is a business day", (), date(2028, 2, 11), True),
    # Washington is Feb 21
    ("Monday after Lincoln Day 2028 (Sat) is a business day", (), date(2028, 2, 14), True),
    # Saturday
    ("Truman Day 2027 falls on Saturday", (), date(2027, 5, 8), False),
    # no Friday observance
    ("Friday before Truman Day 2027 (Sat) is a business day", (), date(2027, 5, 7), True),
    # Saturday not moved
    ("Monday after Truman Day 2027 (Sat) is a business day", (), date(2027, 5, 10), True),
    # no Friday observance
    ("Friday before Veterans Day 2028 (Sat) is a business day", (), date(2028, 11, 10), True),
    # no Friday observance
    ("Christmas Eve 2027 (Fri; Dec 25 is Sat) is a business day", (), date(2027, 12, 24), True),
    # closure = legal holiday for this court
    (
        "Christmas Eve 2027 closed by the court (state offices close Friday before)",
        (date(2027, 12, 24),),
        date(2027, 12, 24),
        False,
    ),
    # not moved
    ("Monday Dec 27 2027 after Saturday Christmas is a business day", (), date(2027, 12, 27), True),
    # no Friday observance
    ("Dec 31 2027 (Fri; Jan 1 2028 is Sat) is a business day", (), date(2027, 12, 31), True),
    # Saturday
    ("Jan 1 2028 falls on Saturday", (), date(2028, 1, 1), False),
    # not moved
    ("Monday Jan 3 2028 after Saturday New Year is a business day", (), date(2028, 1, 3), True),
    # --- Thanksgiving Friday -------------------------------------------------------------
    # not in RSMo 9.010
    ("Friday after Thanksgiving 2025 is not a statutory holiday", (), date(2025, 11, 28), True),
    # closure = legal holiday for this court
    (
        "Friday after Thanksgiving 2025 closed by the court (e.g. St. Louis County)",
        (date(2025, 11, 28),),
        date(2025, 11, 28),
        False,
    ),
    # --- Juneteenth ----------------------------------------------------------------------
    # legal holiday from 2022
    ("Juneteenth 2025 (Thu) is a legal holiday", (), date(2025, 6, 19), False),
    # holiday and closure
    (
        "Juneteenth 2025 also recorded as a court closure: still not a business day",
        (date(2025, 6, 19),),
        date(2025, 6, 19),
        False,
    ),
    # Fri, no Friday-before or day-after rule
    ("Friday after Juneteenth 2025 (Thu) is a business day", (), date(2025, 6, 20), True),
    # Mon
    ("Juneteenth 2028 (Mon) is a legal holiday", (), date(2028, 6, 19), False),
    # Fri
    ("Juneteenth 2026 (Fri) is a legal holiday", (), date(2026, 6, 19), False),
    # Sunday anyway
    ("Juneteenth 2022 is a Sunday", (), date(2022, 6, 19), False),
    # Sunday rule: state courts closed Mon Jun 20, 2022
    ("Juneteenth 2022 (Sun) is kept on Monday June 20", (), date(2022, 6, 20), False),
    # only one Monday added
    ("Tuesday after the kept Juneteenth 2022 is a business day", (), date(2022, 6, 21), True),
    # Saturday not moved
    ("Juneteenth 2027 falls on Saturday", (), date(2027, 6, 19), False),
    # no Friday observance
    ("Friday before Juneteenth 2027 (Sat) is a business day", (), date(2027, 6, 18), True),
    # Saturday not moved
    ("Monday after Juneteenth 2027 (Sat) is a business day", (), date(2027, 6, 21), True),
    # executive order: statewide closure day
    ("Friday June 18 2021 closed statewide for Juneteenth", (), date(2021, 6, 18), False),
    # not a holiday in 2021
    ("Monday June 21 2021 is a business day", (), date(2021, 6, 21), True),
    # before any Juneteenth holiday
    ("Juneteenth 2020 (Fri) was not a holiday", (), date(2020, 6, 19), True),
    # --- other closures ------------------------------------------------------------------
    # closure
    ("weather closure Tue Jan 27 2026", (date(2026, 1, 27),), date(2026, 1, 27), False),
    # ordinary Tue
    ("same Tuesday without the closure", (), date(2026, 1, 27), True),
    # Wed, closure is only Jan 27
    (
        "closure on another day does not affect this day",
        (date(2026, 1, 27),),
        date(2026, 1, 28),
        True,
    ),
    # Sat
    (
        "closure recorded on a Saturday: still not a business day",
        (date(2026, 1, 31),),
        date(2026, 1, 31),
        False,
    ),
    # MLK and closure
    (
        "closure recorded on a statutory holiday: still not a business day",
        (date(2026, 1, 19),),
        date(2026, 1, 19),
        False,
    ),
    # --- Sunday Veterans Day (outside 2024-2028; drop if the calendar only covers that range)
    # Sunday rule
    ("2029: Veterans Day Sun Nov 11 is kept on Monday Nov 12", (), date(2029, 11, 12), False),
]

# (description, court_closures, start, days, expected_due)
DEADLINE_CASES: list[tuple[str, tuple[date, ...], date, int, date]] = [
    # --- short periods (< 7 days): business days only ------------------------------------
    # Thu 3/13
    ("1 day from a Wednesday", (), date(2025, 3, 12), 1, date(2025, 3, 13)),
    # Sat,Sun skipped -> Mon
    ("1 day from a Friday skips the weekend", (), date(2025, 3, 14), 1, date(2025, 3, 17)),
    # Sun skipped, Mon = 1
    ("1 day from a Saturday trigger", (), date(2025, 3, 15), 1, date(2025, 3, 17)),
    # Mon17=1 Tue18=2 Wed19=3
    ("3 days from a Friday", (), date(2025, 3, 14), 3, date(2025, 3, 19)),
    # Mon17..Fri21=5, Mon24=6
    ("6 days from a Friday (pair with 7)", (), date(2025, 3, 14), 6, date(2025, 3, 24)),
    # calendar: Fri 3/21
    ("7 days from a Friday (pair with 6)", (), date(2025, 3, 14), 7, date(2025, 3, 21)),
    # Mon17..Fri21=5, Mon24=6
    ("6 days from a Saturday trigger", (), date(2025, 3, 15), 6, date(2025, 3, 24)),
    # skip Sat,Sun,Mon19 MLK; Tue20=1 Wed21=2 Thu22=3
    ("3 days from Friday before MLK 2026", (), date(2026, 1, 16), 3, date(2026, 1, 22)),
    # Wed14=1 Thu15=2 Fri16=3, skip Sat/Sun and Mon 1/19 MLK, Tue20=4 Wed21=5 Thu22=6
    ("6 days across MLK 2026 (pair with 7)", (), date(2026, 1, 13), 6, date(2026, 1, 22)),
    # calendar: Tue 1/20, business
    ("7 days across MLK 2026 (pair with 6)", (), date(2026, 1, 13), 7, date(2026, 1, 20)),
    # Tue 1/20
    ("1 day from MLK Day itself (holiday trigger)", (), date(2026, 1, 19), 1, date(2026, 1, 20)),
    # --- Lincoln Day / Washington's Birthday -------------------------------------------
    # Tue11=1, skip Wed12, Thu13=2, Fri14=3
    ("3 days across Lincoln Day 2025 (Wed)", (), date(2025, 2, 10), 3, date(2025, 2, 14)),
    # Wed 2/12 holiday -> Thu 2/13
    ("7 days ending on Lincoln Day 2025", (), date(2025, 2, 5), 7, date(2025, 2, 13)),
    # Wed11=1, skip Thu12, Fri13=2, skip Sat,Sun,Mon16, Tue17=3 Wed18=4 Thu19=5
    ("5 days across Lincoln Day and Washington 2026", (), date(2026, 2, 10), 5, date(2026, 2, 19)),
    # ... Fri20=6
    (
        "6 days across Lincoln Day and Washington 2026 (pair with 7)",
        (),
        date(2026, 2, 10),
        6,
        date(2026, 2, 20),
    ),
    # calendar: Tue 2/17, business
    (
        "7 days across Lincoln Day and Washington 2026 (pair with 6)",
        (),
        date(2026, 2, 10),
        7,
        date(2026, 2, 17),
    ),
    # Fri 2/12 Lincoln, Sat, Sun, Mon 2/15 Washington -> Tue 2/16
    (
        "7 days ending on Lincoln Day 2027 (Fri) chains to Washington Monday",
        (),
        date(2027, 2, 5),
        7,
        date(2027, 2, 16),
    ),
    # skip Fri12, Sat, Sun, Mon15 -> Tue16
    ("1 day from Thursday before Lincoln Day 2027", (), date(2027, 2, 11), 1, date(2027, 2, 16)),
    # Sat 2/12 -> Sun -> Mon 2/14 (Saturday holiday not moved; Washington is 2/21)
    ("7 days ending on Lincoln Day 2028 (Sat)", (), date(2028, 2, 5), 7, date(2028, 2, 14)),
    # --- Truman Day -----------------------------------------------------------------------
    # Tue7=1, skip Wed8, Thu9=2, Fri10=3
    ("3 days across Truman Day 2024 (Wed)", (), date(2024, 5, 6), 3, date(2024, 5, 10)),
    # skip Fri8, Sat, Sun -> Mon 5/11
    (
        "1 day from Thursday before Truman Day 2026 (Fri)",
        (),
        date(2026, 5, 7),
        1,
        date(2026, 5, 11),
    ),
    # Fri 5/8 -> Sat, Sun -> Mon 5/11
    ("7 days ending on Truman Day 2026 (Fri)", (), date(2026, 5, 1), 7, date(2026, 5, 11)),
    # Sat 5/8 -> Sun -> Mon 5/10 (Saturday holiday not moved)
    (
        "7 days ending on Truman Day 2027 (Sat), from a Saturday trigger",
        (),
        date(2027, 5, 1),
        7,
        date(2027, 5, 10),
    ),
    # Fri 5/7 is a business day
    (
        "1 day lands on Friday before Saturday Truman Day 2027",
        (),
        date(2027, 5, 6),
        1,
        date(2027, 5, 7),
    ),
    # skip closed Fri 5/7, Sat, Sun -> Mon 5/10
    (
        "1 day, Friday before Saturday Truman Day 2027 closed by the court",
        (date(2027, 5, 7),),
        date(2027, 5, 6),
        1,
        date(2027, 5, 10),
    ),
    # Mon 5/8 holiday -> Tue 5/9
    (
        "7 days ending on Truman Day 2028 (Mon) rolls to Tuesday",
        (),
        date(2028, 5, 1),
        7,
        date(2028, 5, 9),
    ),
    # --- Memorial Day ---------------------------------------------------------------------
    # Sat 5/23, Sun 5/24, Mon 5/25 Memorial -> Tue 5/26
    (
        "7 days ending Saturday before Memorial Day 2026 (chain)",
        (),
        date(2026, 5, 16),
        7,
        date(2026, 5, 26),
    ),
    # skip Sat, Sun, Mon 5/25 -> Tue
    ("1 day from Friday before Memorial Day 2026", (), date(2026, 5, 22), 1, date(2026, 5, 26)),
    # 4/30 + 30 = Sun 5/30; Mon 5/31 Memorial -> Tue 6/1
    (
        "30 days ending Sunday before Memorial Day 2027 (chain)",
        (),
        date(2027, 4, 30),
        30,
        date(2027, 6, 1),
    ),
    # --- Independence Day -----------------------------------------------------------------
    # Sun 7/4, Mon 7/5 kept holiday -> Tue 7/6
    (
        "7 days ending on Sunday July 4 2027 (kept Monday)",
        (),
        date(2027, 6, 27),
        7,
        date(2027, 7, 6),
    ),
    # skip Sat, Sun, Mon 7/5 -> Tue
    ("1 day from Friday before kept July 5 2027", (), date(2027, 7, 2), 1, date(2027, 7, 6)),
    # Tue29=1 Wed30=2 Thu1=3 Fri2=4, skip Sat,Sun,Mon5, Tue6=5 Wed7=6
    ("6 days across kept July 5 2027 (pair with 7)", (), date(2027, 6, 28), 6, date(2027, 7, 7)),
    # Mon 7/5 holiday -> Tue 7/6
    ("7 days ending on kept July 5 2027 (pair with 6)", (), date(2027, 6, 28), 7, date(2027, 7, 6)),
    # Fri 7/3 is a business day
    (
        "7 days ending Friday before Saturday July 4 2026",
        (),
        date(2026, 6, 26),
        7,
        date(2026, 7, 3),
    ),
    # closed Fri 7/3, Sat 7/4, Sun -> Mon 7/6
    (
        "7 days ending Friday July 3 2026 closed by the court",
        (date(2026, 7, 3),),
        date(2026, 6, 26),
        7,
        date(2026, 7, 6),
    ),
    # Fri 7/4 -> Sat, Sun -> Mon 7/7
    ("14 days ending on July 4 2025 (Fri)", (), date(2025, 6, 20), 14, date(2025, 7, 7)),
    # --- Labor Day / Columbus Day / Veterans Day -----------------------------------------
    # 8/3 + 30 = Mon 9/2 Labor Day -> Tue 9/3
    (
        "30 days from a Saturday ending on Labor Day 2024",
        (),
        date(2024, 8, 3),
        30,
        date(2024, 9, 3),
    ),
    # Mon 10/13 -> Tue 10/14
    (
        "10 days from a Friday ending on Columbus Day 2025",
        (),
        date(2025, 10, 3),
        10,
        date(2025, 10, 14),
    ),
    # skip Tue 11/11 -> Wed
    ("1 day across Veterans Day 2025 (Tue)", (), date(2025, 11, 10), 1, date(2025, 11, 12)),
    # Sat 11/11 -> Sun -> Mon 11/13 (Saturday holiday not moved)
    ("7 days ending on Veterans Day 2028 (Sat)", (), date(2028, 11, 4), 7, date(2028, 11, 13)),
    # --- Thanksgiving week ----------------------------------------------------------------
    # skip Thu 11/27 -> Fri 11/28
    (
        "1 day from Wednesday before Thanksgiving 2025",
        (),
        date(2025, 11, 26),
        1,
        date(2025, 11, 28),
    ),
    # skip Thu, closed Fri, Sat, Sun -> Mon 12/1
    (
        "1 day from Wednesday before Thanksgiving 2025, Friday closed",
        (date(2025, 11, 28),),
        date(2025, 11, 26),
        1,
        date(2025, 12, 1),
    ),
    # skip Thu27, Fri28=1, Mon1=2 Tue2=3 Wed3=4 Thu4=5
    ("5 days across Thanksgiving 2025", (), date(2025, 11, 26), 5, date(2025, 12, 4)),
    # skip Thu27, Fri28 closed; Mon1=1 .. Fri5=5
    (
        "5 days across Thanksgiving 2025, Friday closed",
        (date(2025, 11, 28),),
        date(2025, 11, 26),
        5,
        date(2025, 12, 5),
    ),
    # Fri21=1 Mon24=2 Tue25=3 Wed26=4, skip Thu27, Fri28=5, Mon1=6
    ("6 days across Thanksgiving 2025 (pair with 7)", (), date(2025, 11, 20), 6, date(2025, 12, 1)),
    # Thu 11/27 -> Fri 11/28
    (
        "7 days ending on Thanksgiving 2025 (pair with 6)",
        (),
        date(2025, 11, 20),
        7,
        date(2025, 11, 28),
    ),
    # Thu 11/27 holiday, Fri closed, Sat, Sun -> Mon 12/1
    (
        "7 days ending on Thanksgiving 2025, Friday closed",
        (date(2025, 11, 28),),
        date(2025, 11, 20),
        7,
        date(2025, 12, 1),
    ),
    # calendar: Mon 12/1, business; intermediate days ignored
    (
        "7 days over Thanksgiving: an intermediate closure does not extend a long period",
        (date(2025, 11, 28),),
        date(2025, 11, 24),
        7,
        date(2025, 12, 1),
    ),
    # Fri 11/28
    (
        "1 day from Thanksgiving Day itself (holiday trigger)",
        (),
        date(2025, 11, 27),
        1,
        date(2025, 11, 28),
    ),
    # Wed27=1, skip Thu28, Fri29=2, Mon2=3
    ("3 days across Thanksgiving 2024", (), date(2024, 11, 26), 3, date(2024, 12, 2)),
    # Wed27=1, skip Thu28 and closed Fri29, Mon2=2 Tue3=3
    (
        "3 days across Thanksgiving 2024, Friday closed",
        (date(2024, 11, 29),),
        date(2024, 11, 26),
        3,
        date(2024, 12, 3),
    ),
    # Fri 11/24 is a business day
    (
        "15 days ending on Friday after Thanksgiving 2028",
        (),
        date(2028, 11, 9),
        15,
        date(2028, 11, 24),
    ),
    # closed Fri 11/24, Sat, Sun -> Mon 11/27
    (
        "15 days ending on Friday after Thanksgiving 2028, Friday closed",
        (date(2028, 11, 24),),
        date(2028, 11, 9),
        15,
        date(2028, 11, 27),
    ),
    # --- year ends -------------------------------------------------------------------------
    # Tue24=1, skip Wed25, Thu26=2 Fri27=3 Mon30=4 Tue31=5
    ("5 days across Christmas 2024", (), date(2024, 12, 23), 5, date(2024, 12, 31)),
    # ... Tue31=5, skip Wed 1/1, Thu 1/2=6
    (
        "6 days across Christmas and New Year 2024/25 (pair with 7)",
        (),
        date(2024, 12, 23),
        6,
        date(2025, 1, 2),
    ),
    # calendar: Mon 12/30, business
    ("7 days across Christmas 2024 (pair with 6)", (), date(2024, 12, 23), 7, date(2024, 12, 30)),
    # Wed 1/1 -> Thu 1/2
    (
        "7 days from Christmas 2024 ending on New Year 2025",
        (),
        date(2024, 12, 25),
        7,
        date(2025, 1, 2),
    ),
    # Wed 1/1 -> Thu 1/2
    ("14 days ending on New Year 2025", (), date(2024, 12, 18), 14, date(2025, 1, 2)),
    # 12/2 + 30 = Thu 1/1 -> Fri 1/2
    ("30 days ending on New Year 2026 (Thu)", (), date(2025, 12, 2), 30, date(2026, 1, 2)),
    # Wed31=1, skip Thu 1/1, Fri 1/2=2, Mon 1/5=3
    ("3 days across New Year 2025/26", (), date(2025, 12, 30), 3, date(2026, 1, 5)),
    # skip Fri25, Sat, Sun -> Mon 12/28
    ("1 day from Christmas Eve 2026 (Dec 25 Fri)", (), date(2026, 12, 24), 1, date(2026, 12, 28)),
    # 12/18 + 14 = Fri 1/1 -> Sat, Sun -> Mon 1/4
    ("14 days ending on New Year 2027 (Fri)", (), date(2026, 12, 18), 14, date(2027, 1, 4)),
    # Fri 12/24 is a business day
    (
        "7 days ending on Christmas Eve 2027 (Dec 25 Sat)",
        (),
        date(2027, 12, 17),
        7,
        date(2027, 12, 24),
    ),
    # closed Fri 12/24, Sat 12/25, Sun -> Mon 12/27
    (
        "7 days ending on Christmas Eve 2027, court closed that Friday",
        (date(2027, 12, 24),),
        date(2027, 12, 17),
        7,
        date(2027, 12, 27),
    ),
    # Fri 12/31 is a business day
    (
        "7 days ending on Dec 31 2027 (Jan 1 2028 Sat)",
        (),
        date(2027, 12, 24),
        7,
        date(2027, 12, 31),
    ),
    # closed Fri 12/31, Sat 1/1, Sun 1/2 -> Mon 1/3/2028
    (
        "7 days ending on Dec 31 2027, court closed that Friday",
        (date(2027, 12, 31),),
        date(2027, 12, 24),
        7,
        date(2028, 1, 3),
    ),
    # Sun 1/2 -> Mon 1/3
    (
        "10 days ending on a Sunday across year end 2027/28",
        (),
        date(2027, 12, 23),
        10,
        date(2028, 1, 3),
    ),
    # Thu30=1 Fri31=2, skip Sat 1/1 and Sun 1/2, Mon 1/3=3
    ("3 days across year end 2027/28", (), date(2027, 12, 29), 3, date(2028, 1, 3)),
    # --- last day on a Saturday / Sunday / Monday holiday -------------------------------
    # Sat 3/15 -> Sun -> Mon 3/17
    ("14 days from a Saturday ending on a Saturday", (), date(2025, 3, 1), 14, date(2025, 3, 17)),
    # Sun 3/16 -> Mon 3/17
    ("7 days from a Sunday ending on a Sunday", (), date(2025, 3, 9), 7, date(2025, 3, 17)),
    # 3/7 + 30 = Sun 4/6 -> Mon 4/7
    ("30 days from a Friday ending on a Sunday", (), date(2025, 3, 7), 30, date(2025, 4, 7)),
    # Mon 1/15 MLK -> Tue 1/16
    ("10 days from a Friday ending on MLK 2024", (), date(2024, 1, 5), 10, date(2024, 1, 16)),
    # --- leap years ------------------------------------------------------------------------
    # leap year: Thu 2/29
    (
        "10 days from Washington's Birthday 2024 to Feb 29",
        (),
        date(2024, 2, 19),
        10,
        date(2024, 2, 29),
    ),
    # 2/21 + 8 = 2/29, +10 = Thu 3/2
    (
        "10 days from Washington's Birthday 2028 across Feb 29",
        (),
        date(2028, 2, 21),
        10,
        date(2028, 3, 2),
    ),
    # --- Juneteenth ------------------------------------------------------------------------
    # skip Thu 6/19 holiday -> Fri 6/20
    ("1 day across Juneteenth 2025 (Thu)", (), date(2025, 6, 18), 1, date(2025, 6, 20)),
    # Thu 6/19 holiday -> Fri 6/20
    ("7 days ending on Juneteenth 2025 (Thu)", (), date(2025, 6, 12), 7, date(2025, 6, 20)),
    # Thu 6/19 holiday, Fri 6/20 closed by the court, Sat, Sun -> Mon 6/23
    (
        "7 days ending on Juneteenth 2025, court closed the Friday after",
        (date(2025, 6, 20),),
        date(2025, 6, 12),
        7,
        date(2025, 6, 23),
    ),
    # skip Thu 6/19, Fri20=1, skip Sat, Sun, Mon23=2 Tue24=3
    ("3 days across Juneteenth 2025 (Thu)", (), date(2025, 6, 18), 3, date(2025, 6, 24)),
    # 5/20 + 30 = Fri 6/19 holiday -> Sat, Sun -> Mon 6/22 (the command)
    ("30 days ending on Juneteenth 2026 (Fri)", (), date(2026, 5, 20), 30, date(2026, 6, 22)),
    # Tue16=1 Wed17=2 Thu18=3, skip Fri19, Sat, Sun, Mon22=4 Tue23=5 Wed24=6
    ("6 days across Juneteenth 2026 (pair with 7)", (), date(2026, 6, 15), 6, date(2026, 6, 24)),
    # calendar: Mon 6/22, business
    ("7 days across Juneteenth 2026 (pair with 6)", (), date(2026, 6, 15), 7, date(2026, 6, 22)),
    # Sun 6/19, Mon 6/20 kept holiday -> Tue 6/21
    (
        "7 days ending on Sunday Juneteenth 2022 (kept Monday)",
        (),
        date(2022, 6, 12),
        7,
        date(2022, 6, 21),
    ),
    # skip Sat, Sun, Mon 6/20 -> Tue 6/21
    ("1 day from Friday before kept Juneteenth 2022", (), date(2022, 6, 17), 1, date(2022, 6, 21)),
    # Sat 6/19 -> Sun -> Mon 6/21 (Saturday holiday not moved)
    ("7 days ending on Juneteenth 2027 (Sat)", (), date(2027, 6, 12), 7, date(2027, 6, 21)),
    # Fri 6/18 is a business day
    (
        "1 day lands on Friday before Saturday Juneteenth 2027",
        (),
        date(2027, 6, 17),
        1,
        date(2027, 6, 18),
    ),
    # skip closed Fri 6/18, Sat, Sun -> Mon 6/21
    (
        "1 day from Thursday June 17 2021 (Friday closed statewide)",
        (),
        date(2021, 6, 17),
        1,
        date(2021, 6, 21),
    ),
    # Fri 6/18 closed statewide, Sat, Sun -> Mon 6/21
    ("7 days ending on Friday June 18 2021 (closed)", (), date(2021, 6, 11), 7, date(2021, 6, 21)),
    # Fri 6/19/2020 was a business day
    ("7 days ending on June 19 2020 (no holiday yet)", (), date(2020, 6, 12), 7, date(2020, 6, 19)),
    # --- other court closures --------------------------------------------------------------
    # Mon26=1 Tue27=2 Wed28=3
    ("3 days, no closure", (), date(2026, 1, 23), 3, date(2026, 1, 28)),
    # Mon26=1, skip closed Tue27, Wed28=2 Thu29=3
    (
        "3 days with a weather closure on Tue Jan 27 2026",
        (date(2026, 1, 27),),
        date(2026, 1, 23),
        3,
        date(2026, 1, 29),
    ),
    # Tue 1/27 business
    ("15 days ending Tue Jan 27 2026, no closure", (), date(2026, 1, 12), 15, date(2026, 1, 27)),
    # closed Tue 1/27 -> Wed 1/28
    (
        "15 days ending on a weather closure Tue Jan 27 2026",
        (date(2026, 1, 27),),
        date(2026, 1, 12),
        15,
        date(2026, 1, 28),
    ),
    # Wed 2/25 closed, Thu 2/26 closed -> Fri 2/27
    (
        "7 days ending on two consecutive closure days",
        (date(2026, 2, 25), date(2026, 2, 26)),
        date(2026, 2, 18),
        7,
        date(2026, 2, 27),
    ),
    # --- Sunday Veterans Day (outside 2024-2028; drop if the calendar only covers that range)
    # Sun 11/11, Mon 11/12 kept holiday -> Tue 11/13
    (
        "2029: 7 days ending on Sunday Veterans Day, kept Monday",
        (),
        date(2029, 11, 4),
        7,
        date(2029, 11, 13),
    ),
]
