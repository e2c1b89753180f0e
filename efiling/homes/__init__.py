"""Each role's home: the page a user lands on after signing in, gathering their work from the
selectors of each app (cases, filings, scheduling, notices, payments, the review queues)."""
