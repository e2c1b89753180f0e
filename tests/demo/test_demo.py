import os

from django.core.management import call_command
from django.test import Client

from efiling.accounts.models import Role, User
from efiling.accounts.permissions import Action, can, is_system_administrator
from efiling.demo.users import demo_credentials_path, demo_users_ensure


def test_demo_has_one_user_per_role_ready_to_use(courts, settings, capsys):
    call_command("demo_users")
    output = capsys.readouterr().out
    users = User.objects.filter(email__endswith="@demo.efiling.test")
    # one per role, a system administrator, and opposing counsel in the demo case
    assert sorted(u.role for u in users) == sorted([*Role, Role.COURT_ADMINISTRATOR, Role.ATTORNEY])
    for _role, email, password in demo_users_ensure():
        assert email in output and password in output
        assert User.objects.get(email=email).check_password(password)
    assert oct(os.stat(demo_credentials_path()).st_mode)[-3:] == "600"
    attorney = users.get(email="attorney@demo.efiling.test")
    assert can(attorney, Action.FILE_NEW_CASE)
    assert can(users.get(role=Role.STAFF), Action.FILE_NEW_CASE)  # on the demo attorney's behalf
    clerk = users.get(role=Role.CLERK)
    assert clerk.court_assignments.get().court.code == "SL"
    assert users.get(role=Role.JUDGE).court_assignments.get().court.code == "SL"
    assert can(clerk, Action.REVIEW_FILINGS, court=clerk.court_assignments.get().court)


def test_demo_court_administrator_runs_her_court_and_the_system_administrator_all(courts):
    demo_users_ensure()
    ada = User.objects.get(email="court.administrator@demo.efiling.test")
    sid = User.objects.get(email="system.administrator@demo.efiling.test")
    assert (ada.get_full_name(), sid.get_full_name()) == ("Ada Administrator", "Sid Sysadmin")
    assert not (ada.is_staff or ada.is_superuser) and not is_system_administrator(ada)
    assert [a.court.code for a in ada.court_assignments.all()] == ["SL"]
    assert can(ada, Action.MANAGE_USERS, court=ada.court_assignments.get().court)
    assert not can(ada, Action.MANAGE_USERS, court=courts.exclude(code="SL").first())
    assert not can(ada, Action.MANAGE_COURT_ADMINISTRATORS)
    assert sid.is_staff and sid.is_superuser and is_system_administrator(sid)
    assert sid.role == Role.COURT_ADMINISTRATOR and not sid.court_assignments.exists()
    assert can(sid, Action.MANAGE_COURT_ADMINISTRATORS)
    assert Client().get("/admin/").status_code == 302
    ada_client, sid_client = Client(), Client()
    ada_client.force_login(ada)
    sid_client.force_login(sid)
    assert ada_client.get("/admin/").status_code == 403  # not a system administrator
    assert sid_client.get("/admin/").status_code == 200


def test_an_installation_whose_administrator_was_the_superuser_restarts(courts):
    """Before, the demo court administrator was the superuser: a restart keeps her as she is
    and adds the system administrator."""
    User.objects.create_user(
        "court.administrator@demo.efiling.test",
        "an old demo password 1",
        first_name="Ada",
        last_name="Administrator",
        role=Role.COURT_ADMINISTRATOR,
        is_staff=True,
        is_superuser=True,
    )
    rows = demo_users_ensure()
    assert "system.administrator@demo.efiling.test" in [email for _, email, _ in rows]
    assert User.objects.get(email="court.administrator@demo.efiling.test").is_superuser
    assert demo_users_ensure() == rows


def test_demo_setup_twice_changes_nothing(courts):
    first = demo_users_ensure()
    assert demo_users_ensure() == first
    assert User.objects.filter(email__endswith="@demo.efiling.test").count() == len(Role) + 2


def test_demo_roster_lets_a_newcomer_register_and_refuses_the_suspended(courts, smtp_server):
    demo_users_ensure()
    form = {
        "first_name": "Nora",
        "last_name": "Newcomer",
        "email": "nora@newcomer.example",
        "phone": "314-555-0100",
        "address_line1": "7 Market St",
        "city": "St. Louis",
        "state": "MO",
        "postal_code": "63101",
        "password": "a long enough passphrase 42",
        "password_again": "a long enough passphrase 42",
    }
    assert Client().post("/accounts/register/", {**form, "bar_number": "61002"}).status_code == 302
    refused = Client().post(
        "/accounts/register/",
        {
            **form,
            "bar_number": "61003",
            "first_name": "Sid",
            "last_name": "Suspended",
            "email": "sid@x.example",
        },
    )
    assert refused.status_code == 422 and b"not in good standing (suspended)" in refused.content


def test_demo_court_has_courtrooms_for_hearings(courts):
    from efiling.scheduling.models import Courtroom

    demo_users_ensure()
    assert Courtroom.objects.filter(court__code="SL").count() == 2


def test_every_demo_user_lands_on_a_home_that_shows_their_work(courts):
    demo_users_ensure()
    expected = {
        Role.ATTORNEY: "$1,000.00",
        Role.STAFF: "You work for Alice Attorney",
        Role.CLERK: "St. Louis County Circuit Court",
        Role.JUDGE: "St. Louis County Circuit Court",
        Role.COURT_ADMINISTRATOR: "/court-admin/SL/closures/",
        Role.HELP_DESK: "Help desk hours",
        Role.PRO_HAC_VICE: "Payment account",
        Role.SELF_REPRESENTED: "Signed in as",
        Role.SHERIFF: "Summonses to serve in St. Louis County",
    }
    for user in User.objects.filter(email__endswith="@demo.efiling.test"):
        client = Client()
        client.force_login(user)
        page = client.get("/home/")
        words = (
            "you administer every court"
            if user.email.startswith("system.administrator@")
            else "Lawson v. Acme Roofing, LLC"
            if user.email.startswith("opposing.counsel@")
            else expected[user.role]
        )
        assert page.status_code == 200 and words in page.content.decode(), user.email


def test_the_demo_case_has_counsel_on_both_sides_and_a_party_to_serve_conventionally(courts):
    from efiling.cases.models import Case
    from efiling.filings.service_list import case_service_list
    from efiling.service.models import Notice

    demo_users_ensure()
    demo_users_ensure()  # once
    case = Case.objects.get(caption="Lawson v. Acme Roofing, LLC")
    assert case.number and case.court.code == "SL"
    assert sorted(c.user.email for c in case.counsel.all()) == [
        "attorney@demo.efiling.test",
        "opposing.counsel@demo.efiling.test",
    ]
    assert case.docket_entries.get().number == 1
    unrepresented = [p.display_name for p in case.parties.all() if not p.represented_by.exists()]
    assert unrepresented == ["Dana Bell"]
    told = set(Notice.objects.filter(case=case).values_list("recipient__email", flat=True))
    assert "opposing.counsel@demo.efiling.test" in told and "staff@demo.efiling.test" in told
    served = case_service_list(
        case, filer_ids={case.counsel.get(user__last_name="Attorney").user_id}
    )
    assert [entry.name for entry in served][:1] == ["Oliver Opposing"]
