"""A task that does nothing but finish, for tests of the task worker itself."""

from django_tasks import task


@task()
def probe(word: str) -> str:
    return word
