"""Reading a raw message into plain data: the hostile and broken mail of the issue, as tables of cases."""

import pytest

from mail.parsing import (
    decode_header_value,
    guess_language,
    is_reply_subject,
    parse_message,
    subject_key,
    synthetic_message_id,
    trim_reply,
)

HEAD = b"From: Camille <camille@client.example>\r\nMessage-ID: <m1@client.example>\r\n"


def raw(headers: bytes, body: bytes = b"Bonjour\r\n", content_type: bytes = b"text/plain; charset=utf-8") -> bytes:
    return headers + b"Content-Type: " + content_type + b"\r\n\r\n" + body


@pytest.mark.parametrize(
    "header, expected",
    [
        ("=?utf-8?q?Caf=C3=A9_=C3=A0_Paris?=", "Café à Paris"),
        ("=?ISO-8859-1?Q?Devis_=E9t=E9?=", "Devis été"),
        ("=?utf-8?b?UmVmb250ZSBkdSBzaXRl?= =?utf-8?b?IHdlYg==?=", "Refonte du site web"),  # the space between goes
        ("=?x-unknown?q?abc?=", "abc"),
        ("=?utf-8?b?not base64 at all?=", "=?utf-8?b?not base64 at all?="),
        ("Line one\r\n\tline two", "Line one line two"),
        ("=?utf-8?q?Eve=0ABcc:_victim=40example.com?=", "Eve Bcc: victim@example.com"),  # a decoded newline
        ("", ""),
    ],
    ids=["qp-utf8", "qp-latin1", "two-b-words", "unknown-charset", "broken-word", "folded", "newline", "empty"],
)
def test_headers_are_decoded_to_one_line(header, expected):
    assert decode_header_value(header) == expected


@pytest.mark.parametrize(
    "body, charset, expected",
    [
        ("Réunion à l'été".encode(), b"utf-8", "Réunion à l'été"),
        ("Réunion à l'été".encode("latin-1"), b"iso-8859-1", "Réunion à l'été"),
        ("Réunion à l'été".encode(), b"iso-8859-1", "Réunion à l'été"),  # declared latin-1, sent UTF-8
        ("Réunion à l'été".encode("cp1252"), b"us-ascii", "Réunion à l'été"),  # declared ASCII, sent 8-bit
        ("Réunion à l'été".encode("cp1252"), b"no-such-charset", "Réunion à l'été"),
        ("Réunion".encode(), b"", "Réunion"),
    ],
    ids=["utf8", "latin1", "utf8-declared-latin1", "8bit-declared-ascii", "unknown-charset", "no-charset"],
)
def test_bodies_are_read_whatever_the_declared_charset(body, charset, expected):
    content_type = b"text/plain" + (b"; charset=" + charset if charset else b"")
    parsed = parse_message(raw(HEAD + b"Subject: x\r\n", body, content_type))
    assert parsed.text.strip() == expected


def test_8bit_headers_are_read_as_utf8_or_windows_1252():
    headers = b"From: Jos\xe9 <jose@client.example>\r\nSubject: Devis \xc3\xa9t\xc3\xa9\r\n"
    parsed = parse_message(raw(headers))
    assert (parsed.from_name, parsed.subject) == ("José", "Devis été")


def test_html_only_is_turned_to_text_without_its_scripts():
    html = b"<html><body><p>Hello, we need a <b>logo</b>.</p><script>alert('pwned')</script></body></html>"
    parsed = parse_message(raw(HEAD + b"Subject: Logo\r\n", html, b"text/html; charset=utf-8"))
    assert "we need a logo" in parsed.text
    assert "alert" not in parsed.text and "<" not in parsed.text


def test_a_forged_from_with_a_line_break_keeps_the_address_and_one_line_of_name():
    headers = b"From: =?utf-8?q?Boss=0D=0ABcc:_all=40corp.example?= <eve@attacker.example>\r\nSubject: x\r\n"
    parsed = parse_message(raw(headers))
    assert parsed.from_address == "eve@attacker.example"
    assert "\n" not in parsed.from_name and "\r" not in parsed.from_name


@pytest.mark.parametrize(
    "from_header",
    [b"From: not an address\r\n", b"From: <>\r\n", b"From: a@b@c\r\n", b"", b"From: x\r\n y@\r\n"],
    ids=["words", "empty-angle", "two-ats", "missing", "folded-broken"],
)
def test_no_valid_sender_gives_no_address(from_header):
    parsed = parse_message(raw(from_header + b"Subject: x\r\n"))
    assert parsed.from_address == ""


def test_reply_to_is_the_sender_a_contact_form_wants_answered():
    headers = b"From: Site <noreply@site.example>\r\nReply-To: Prospect <prospect@client.example>\r\nSubject: x\r\n"
    parsed = parse_message(raw(headers))
    assert (parsed.from_name, parsed.from_address) == ("Prospect", "prospect@client.example")


def test_five_thousand_recipients_are_no_trouble():
    recipients = ", ".join(f"person{n}@example.com" for n in range(5000)).encode()
    parsed = parse_message(
        raw(HEAD + b"Subject: To everyone\r\nTo: " + recipients + b"\r\nCc: " + recipients + b"\r\n")
    )
    assert parsed.subject == "To everyone" and parsed.from_address == "camille@client.example"


def test_a_message_cut_short_lists_its_large_attachment_with_an_estimated_size():
    boundary = b"XYZ"
    attachment = b"QUFB" * 19 + b"\r\n"  # a base64 line: 76 characters for 57 bytes
    whole = (
        HEAD
        + b"Subject: Brief\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=XYZ\r\n\r\n"
        + b"--"
        + boundary
        + b"\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nThe brief is attached.\r\n--"
        + boundary
        + b'\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename="brief.pdf"\r\n'
        + b"Content-Transfer-Encoding: base64\r\n\r\n"
        + attachment * 400_000
        + b"--"
        + boundary
        + b"--\r\n"
    )
    parsed = parse_message(whole[:200_000], total_size=len(whole))
    assert parsed.truncated and parsed.text.strip() == "The brief is attached."
    [pdf] = parsed.attachments
    assert pdf.name == "brief.pdf" and pdf.approximate
    assert 22_000_000 < pdf.size < 23_500_000  # 400,000 lines of 57 bytes: 22.8 MB


def test_without_a_message_id_the_same_message_gets_the_same_id_each_time():
    message = raw(b"From: a@client.example\r\nSubject: x\r\n")
    assert parse_message(message).message_id == parse_message(message).message_id == synthetic_message_id(message)


def test_threading_headers_are_read_newest_last():
    headers = HEAD + b"Subject: Re: x\r\nIn-Reply-To: <b@tact>\r\nReferences: <a@client> <b@tact>\r\n"
    assert parse_message(raw(headers)).references == ("<a@client>", "<b@tact>")


@pytest.mark.parametrize(
    "headers, auto_reply, bulk",
    [
        (b"Auto-Submitted: auto-replied\r\n", True, True),
        (b"X-Autoreply: yes\r\n", True, False),
        (b"Auto-Submitted: auto-generated\r\n", False, True),
        (b"Precedence: bulk\r\n", False, True),
        (b"List-Id: <news.example>\r\n", False, True),
        (b"Auto-Submitted: no\r\n", False, False),
        (b"", False, False),
    ],
    ids=["auto-replied", "x-autoreply", "auto-generated", "bulk", "list", "auto-submitted-no", "person"],
)
def test_automatic_messages_are_recognised(headers, auto_reply, bulk):
    parsed = parse_message(raw(HEAD + b"Subject: x\r\n" + headers))
    assert (parsed.auto_reply, parsed.bulk) == (auto_reply, bulk)


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "D'accord pour 3 000 €.\n\nLe lun. 1 déc. 2026 à 10:00, Camille <c@x.fr> a écrit :\n> Bonjour\n",
            "D'accord pour 3 000 €.",
        ),
        ("Fine by me.\n\nOn Mon, Dec 1, 2026 at 10:00 AM Camille <c@x.fr> wrote:\n> Hello\n", "Fine by me."),
        ("OK.\n\n-----Original Message-----\nFrom: Camille\nSent: Monday\n\nHello", "OK."),
        ("A request with no history.", "A request with no history."),
    ],
    ids=["french", "english", "outlook", "nothing-quoted"],
)
def test_quoted_history_is_trimmed(text, expected):
    assert trim_reply(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Bonjour, nous voudrions refondre notre site internet avant la fin du mois. Pouvez-vous nous aider ?", "fr"),
        ("Hello, we would like to redesign our website before the end of the month. Could you help us?", "en"),
        ("Hallo, wir möchten unsere Webseite neu gestalten lassen.", ""),
        ("ok", ""),
    ],
    ids=["french", "english", "german", "too-short"],
)
def test_the_language_is_guessed_between_french_and_english(text, expected):
    assert guess_language(text) in ({expected} if expected else {"", "fr", "en"})
    assert guess_language(text) == guess_language(text)  # seeded: the same every time


@pytest.mark.parametrize(
    "subject, key, is_reply",
    [
        ("Re: Refonte du site", "refonte du site", True),
        ("RE: re:  Refonte   du Site", "refonte du site", True),
        ("Ré : Refonte du site", "refonte du site", True),
        ("TR: Refonte du site", "refonte du site", False),
        ("Refonte du site", "refonte du site", False),
    ],
)
def test_reply_subjects(subject, key, is_reply):
    assert (subject_key(subject), is_reply_subject(subject)) == (key, is_reply)
