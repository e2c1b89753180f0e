"""The help desk (issue 15): the public help page, requests to the help desk (tickets) and
their threads, and the help desk's audited tools."""
