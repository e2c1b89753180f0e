"""Sent mail, for system administrators (/court-admin/sent-mail/): the messages the embedded
mode kept as `.eml` files (efiling.core.mail), newest first, each readable as its text part.
With a mail server configured nothing is kept, and the page says so. Opening a message is
audited (it is someone else's mail)."""

from django.shortcuts import render

from efiling.accounts.access import requires
from efiling.accounts.permissions import Action
from efiling.audit.services import audit_record
from efiling.core.errors import NotFound
from efiling.core.mail import mail_folder, sent_mail_names, sent_mail_read, sent_mail_summaries
from efiling.core.pages import safe_only
from efiling.core.paging import page_of

MESSAGES_PER_PAGE = 50


@requires(Action.READ_SENT_MAIL)
@safe_only
def sent_mail(request):
    folder = mail_folder()
    context = {"kept": folder is not None}
    if folder is not None:
        page = page_of(request, sent_mail_names(folder), per_page=MESSAGES_PER_PAGE)
        context.update(page=page, mails=sent_mail_summaries(folder, list(page.object_list)))
    return render(request, "courtadmin/sent_mail.html", context)


@requires(Action.READ_SENT_MAIL)
@safe_only
def sent_message(request, name: str):
    folder = mail_folder()
    if folder is None:
        raise NotFound("There is no such message.")
    message = sent_mail_read(folder, name)
    audit_record(
        action="sent_mail.read",
        actor=request.user,
        request=request,
        object_type="mail",
        object_id=name,
        details={"message_id": message.message_id, "to": message.to},
    )
    return render(request, "courtadmin/sent_message.html", {"message": message})
