"""Hostile and broken mail from a real IMAP server: each is a request with what could be read (escaped wherever
it is shown) or a skipped message with its reason; nothing crashes, nothing stops the mailbox."""

import base64

import pytest

from mail import inbound
from mail.imap import MAX_MESSAGE_BYTES
from mail.models import InboundKind, InboundMessage, SkipReason
from mail.reading import DONE, mail_account_read
from projects.models import IncomingRequest
from tests.mail.support import connect, message

pytestmark = pytest.mark.django_db

FROM = b"From: Camille Martin <camille@client.example>\r\n"


def raw(name: str, headers: bytes, body: bytes, content_type: bytes = b"text/plain; charset=utf-8") -> bytes:
    return (
        headers
        + f"Message-ID: <{name}@client.example>\r\nDate: Mon, 30 Nov 2026 10:00:00 +0100\r\n".encode()
        + b"Content-Type: "
        + content_type
        + b"\r\n\r\n"
        + body
    )


def big_attachment(megabytes: int) -> bytes:
    chunk = base64.encodebytes(bytes(range(256)) * 222)  # 76-character lines, as mail programs write them
    body = chunk * (megabytes * 1024 * 1024 // (256 * 222) + 1)
    return (
        FROM
        + b"Subject: The brief (large)\r\nMessage-ID: <large@client.example>\r\nMIME-Version: 1.0\r\n"
        + b"Content-Type: multipart/mixed; boundary=b1\r\n\r\n--b1\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
        + b"Please find the brief attached.\r\n--b1\r\nContent-Type: application/pdf\r\n"
        + b'Content-Disposition: attachment; filename="=?utf-8?q?cahier_des_charges_=C3=A9t=C3=A9.pdf?="\r\n'
        + b"Content-Transfer-Encoding: base64\r\n\r\n"
        + body
        + b"--b1--\r\n"
    )


HOSTILE = {
    "no-subject": raw("no-subject", FROM, b"Can you build us an online shop?\r\n"),
    "html-only": raw(
        "html-only",
        FROM + b"Subject: HTML only\r\n",
        b"<html><body><h1>Hello</h1><p>We need an <b>app</b>.</p><script>document.location='https://evil'</script>"
        b"<img src=x onerror=alert(1)></body></html>",
        b"text/html; charset=utf-8",
    ),
    "script-in-text": raw(
        "script-in-text",
        FROM + b"Subject: <script>alert('subject')</script>\r\n",
        b"<script>alert('body')</script>\r\n",
    ),
    "8bit-misdeclared": raw(
        "8bit-misdeclared",
        b"From: Jos\xe9 Garc\xeda <jose@client.example>\r\nSubject: Devis \xe9t\xe9\r\n",
        "Réunion à prévoir pour l'été.\r\n".encode(),
        b"text/plain; charset=us-ascii",
    ),
    "rfc2047": raw(
        "rfc2047",
        b"From: =?utf-8?b?w4lsb2TDqWUgTcO8bGxlcg==?= <elodee@client.example>\r\n"
        b"Subject: =?utf-8?q?Refonte_du_site_=E2=80=94_urgent?=\r\n",
        b"Bonjour.\r\n",
    ),
    "5000-recipients": raw(
        "5000-recipients",
        FROM
        + b"Subject: To everyone\r\nTo: "
        + ", ".join(f"person{n}@example.com" for n in range(5000)).encode()
        + b"\r\n",
        b"Who can do this?\r\n",
    ),
    "forged-from-newline": raw(
        "forged-from-newline",
        b"From: =?utf-8?q?Your_bank=0D=0ABcc=3A_everyone=40corp.example?= <eve@attacker.example>\r\nSubject: Hi\r\n",
        b"Hello.\r\n",
    ),
    "auto-reply": raw(
        "auto-reply",
        FROM + b"Subject: Out of office\r\nAuto-Submitted: auto-replied\r\n",
        b"I am away until Monday.\r\n",
    ),
    "no-sender": raw("no-sender", b"From: nobody at all\r\nSubject: Who am I\r\n", b"Hello.\r\n"),
    "not-mail": b"\x00\x01\x02 this is not an email at all \xff\xfe",
}


def test_every_hostile_message_is_read_or_skipped_with_its_reason(owner, owner_client, dovecot, mailbox):
    account = connect(owner, dovecot, *mailbox)
    dovecot.append(mailbox[0], *HOSTILE.values(), big_attachment(30))

    result = mail_account_read(account_id=account.pk)

    assert result.outcome == DONE, result.error
    assert {str(k): v for k, v in result.counts.items()} == {"request": 8, "skipped": 3}
    requests = {r.title: r for r in IncomingRequest.objects.owned_by(owner).select_related("client")}
    assert set(requests) == {
        "Email from Camille Martin",
        "HTML only",
        "<script>alert('subject')</script>",
        "Devis été",
        "Refonte du site — urgent",
        "To everyone",
        "Hi",
        "The brief (large)",
    }
    assert "We need an app." in requests["HTML only"].description
    assert "evil" not in requests["HTML only"].description and "onerror" not in requests["HTML only"].description
    assert requests["Devis été"].client.name == "José García"
    assert requests["Devis été"].description == "Réunion à prévoir pour l'été."
    assert requests["Refonte du site — urgent"].client.name == "Élodée Müller"
    assert requests["Hi"].client.name == "Your bank Bcc: everyone@corp.example"  # one line, never a header
    assert requests["Hi"].client.email == "eve@attacker.example"

    skipped = dict(
        InboundMessage.objects.owned_by(owner).filter(kind=InboundKind.SKIPPED).values_list("subject", "skip_reason")
    )
    assert skipped == {
        "Out of office": SkipReason.AUTOMATIC,
        "Who am I": SkipReason.NO_SENDER,
        "": SkipReason.NO_SENDER,
    }

    large = InboundMessage.objects.owned_by(owner).get(message_id="<large@client.example>")
    assert large.size > 30 * 1024 * 1024 and len(large.text) < MAX_MESSAGE_BYTES
    [pdf] = large.attachments
    assert pdf["name"] == "cahier des charges été.pdf" and pdf["approximate"]
    assert 29 * 1024 * 1024 < pdf["size"] < 32 * 1024 * 1024
    assert requests["The brief (large)"].description == "Please find the brief attached."

    scripted = requests["<script>alert('subject')</script>"]
    for url in (f"/requests/{scripted.pk}/", f"/mail/messages/{scripted.mail_messages.get().pk}/", "/requests/"):
        page = owner_client.get(url).content.decode()
        assert "<script>alert(" not in page
        assert "&lt;script&gt;alert(" in page
    page = owner_client.get(f"/mail/messages/{large.pk}/").content.decode()
    assert "cahier des charges été.pdf" in page and "about" in page


def test_a_message_that_breaks_the_reader_is_skipped_and_the_next_ones_still_come(owner, dovecot, mailbox, monkeypatch):
    """A fault deep in a parsing library (simulated): that message is recorded once as unreadable."""
    account = connect(owner, dovecot, *mailbox)
    dovecot.append(mailbox[0], message(subject="Breaks the parser"), message(subject="Fine"))

    def trim_that_breaks(text):
        if "Breaks" in text or text.startswith("Bonjour"):
            trim_that_breaks.calls += 1
            if trim_that_breaks.calls == 1:
                raise RecursionError("maximum recursion depth exceeded")
        return text.strip()

    trim_that_breaks.calls = 0
    monkeypatch.setattr(inbound, "trim_reply", trim_that_breaks)
    first = mail_account_read(account_id=account.pk)
    monkeypatch.undo()
    second = mail_account_read(account_id=account.pk)

    assert {str(k): v for k, v in first.counts.items()} == {"unreadable": 1, "request": 1}
    assert second.counts == {}
    assert list(IncomingRequest.objects.owned_by(owner).values_list("title", flat=True)) == ["Fine"]
    unreadable = InboundMessage.objects.owned_by(owner).get(kind=InboundKind.SKIPPED)
    assert unreadable.skip_reason == SkipReason.UNREADABLE and unreadable.incoming is None


def test_a_message_from_the_user_s_own_address_is_no_request(owner, dovecot, mailbox):
    account = connect(owner, dovecot, *mailbox, address="me@freelance.example")
    dovecot.append(mailbox[0], message(sender="Me <ME@freelance.example>", subject="My own note"))
    mail_account_read(account_id=account.pk)
    assert not IncomingRequest.objects.exists()
    assert InboundMessage.objects.get().skip_reason == SkipReason.FROM_ME
