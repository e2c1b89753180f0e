"""The docket app's pages: thin views over its services and selectors (efiling.docket),
with their forms (forms.py) and URLs (urls_court.py under /court/, urls_my_cases.py under
/cases/)."""
