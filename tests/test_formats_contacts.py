"""Reading contacts: vCard 2.1/3.0/4.0 as phones and address books write them, and CSV exports."""

from __future__ import annotations

import contextlib
import csv
import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from custlog.errors import BadInput
from custlog.formats.contacts import Contact, parse_day, read_contacts
from custlog.formats.contacts_csv import read_contacts_csv
from custlog.formats.vcard import escape_text, read_vcards, unescape_text


def crlf(text: str) -> str:
    return text.replace("\n", "\r\n")


# An old Android phone's "Export to storage" (vCard 2.1): every byte of a non-ASCII value
# quoted-printable, soft line breaks ("=" at the end of a line), CRLF line endings.
ANDROID_21 = crlf(
    """BEGIN:VCARD
VERSION:2.1
N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=4D=C3=BC=6C=6C=65=72;=5A=6F=C3=AB;;;
FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=5A=6F=C3=AB=20=4D=C3=BC=
=6C=6C=65=72
TEL;CELL:+49 170 1234567
TEL;WORK;PREF:+49 30 9876543
EMAIL;HOME:zoe.mueller@example.de
ORG;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:B=C3=A4ckerei M=C3=BCller
NOTE;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Liefert Br=C3=B6tchen f=C3=BCr die=
 Werkstatt.=0D=0AMontags geschlossen.
BDAY:1980-11-28
X-ANDROID-CUSTOM:vnd.android.cursor.item/nickname;Zo;1;;;;;;;;;;;;;
END:VCARD
BEGIN:VCARD
VERSION:2.1
N;CHARSET=ISO-8859-1;ENCODING=QUOTED-PRINTABLE:J=F8rgensen;S=F8ren;;;
TEL;PREF;CELL;VOICE:+45 20 12 34 56
PHOTO;ENCODING=BASE64;TYPE=JPEG:/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAMCAgICAgMCAgIDAwMDBAYEBAQEBAgG
 BgUGCQgKCgkICQkKDA8MCgsOCwkJDRENDg8QEBEQCgwSExIQEw8QEBD/yQALCAABAAEBAREA

END:VCARD
"""
)

# Google Contacts "Export" as vCard (3.0): grouped item1. properties with X-ABLabel,
# escaped commas and semicolons, lines folded at 75 characters, labels as CATEGORIES.
GOOGLE_30 = crlf(
    r"""BEGIN:VCARD
VERSION:3.0
FN:Ann Baker
N:Baker;Ann;;;
NICKNAME:Annie
EMAIL;TYPE=INTERNET;TYPE=HOME:ann@example.com
item1.EMAIL;TYPE=INTERNET:fleet@bakerfleet.example
item1.X-ABLabel:Fleet desk
TEL;TYPE=CELL:(555) 010-2030
item2.TEL:+1 555-010-2040
item2.X-ABLabel:Shop
ADR;TYPE=WORK:;;12 Mill Lane;Springfield;IL;62701;US
ORG:Baker Fleet Services\, Inc.
BDAY:1975-03-14
NOTE:Owns three vans\, one trailer\; wants the fleet discount. Call after 4
 pm\, when the shop is quiet.\nPays by cheque.
CATEGORIES:myContacts,Fleet,starred
END:VCARD
BEGIN:VCARD
VERSION:3.0
FN:
N:;;;;
EMAIL;TYPE=INTERNET:orders@tyreworld.example
BDAY:--07-04
CATEGORIES:myContacts
END:VCARD
"""
)

# Apple Contacts (macOS/iOS) export, vCard 3.0: lower-case type parameters, a birthday
# without a year written as 1604 with X-APPLE-OMIT-YEAR, an anniversary as a labelled date.
APPLE_30 = crlf(
    """BEGIN:VCARD
VERSION:3.0
PRODID:-//Apple Inc.//iPhone OS 17.5//EN
N:Okafor;Chidi;;;
FN:Chidi Okafor
ORG:Okafor Plumbing;
EMAIL;type=INTERNET;type=WORK;type=pref:chidi@okaforplumbing.example
TEL;type=WORK;type=VOICE:+1 (555) 013-0000
TEL;type=CELL;type=VOICE;type=pref:+1 (555) 013-3344
item1.X-ABDATE;type=pref:2004-06-12
item1.X-ABLabel:_$!<Anniversary>!$_
item2.X-ABDATE:2019-01-02
item2.X-ABLabel:first job
BDAY;X-APPLE-OMIT-YEAR=1604:1604-11-28
END:VCARD
BEGIN:VCARD
VERSION:3.0
PRODID:-//Apple Inc.//Mac OS X 10.15.7//EN
N:Reyes;Maria;Luisa;Dr.;
FN:Dr. Maria Luisa Reyes
BDAY;VALUE=date:19801128
END:VCARD
"""
)

# vCard 4.0 (RFC 6350), e.g. from Nextcloud/DAVx5: tel: URIs, PREF=1, truncated dates.
VCARD_40 = crlf(
    """BEGIN:VCARD
VERSION:4.0
PRODID:-//Sabre//Sabre VObject 4.5.4//EN
UID:8f2a1c9e-3c1b-4e0a-9d77-2b5f0d1c6e41
FN:Dana Whitfield
N:Whitfield;Dana;;;
ORG:Whitfield Farms
TEL;VALUE=uri;TYPE=work:tel:+1%20555%200199;ext=12
TEL;VALUE=uri;TYPE="cell,pref":tel:+1-555-0123
EMAIL;TYPE=work:dana@whitfield.example
BDAY:--1209
ANNIVERSARY:19980620
CATEGORIES:fleet,VIP
END:VCARD
BEGIN:VCARD
VERSION:4.0
FN:Eli Novak
BDAY:19801128
END:VCARD
"""
)


def only(contacts: list[Contact]) -> Contact:
    assert len(contacts) == 1
    return contacts[0]


# ----------------------------------------------------------------------- vCard 2.1


def test_android_21_quoted_printable_with_soft_line_breaks() -> None:
    zoe, soren = read_vcards(ANDROID_21)
    assert zoe == Contact(
        name="Zoë Müller",
        company="Bäckerei Müller",
        phones=["+49 30 9876543", "+49 170 1234567"],  # PREF first
        emails=["zoe.mueller@example.de"],
        birthday="1980-11-28",
        anniversary=None,
        note="Liefert Brötchen für die Werkstatt.\nMontags geschlossen.",
        categories=[],
        origin="card 1 (line 1)",
    )
    # No FN: the name comes from N, in ISO-8859-1; the picture data is skipped.
    assert soren.name == "Søren Jørgensen"
    assert soren.phones == ["+45 20 12 34 56"]
    assert soren.origin == "card 2 (line 15)"


def test_21_latin1_charset_and_bare_quoted_printable_parameter() -> None:
    text = (
        "BEGIN:VCARD\r\nVERSION:2.1\r\n"
        "FN;CHARSET=ISO-8859-1;QUOTED-PRINTABLE:Ren=E9e Dupr=E9\r\n"
        "NOTE;ENCODING=QUOTED-PRINTABLE:caf=C3=A9 =3D coffee\r\n"
        "END:VCARD\r\n"
    )
    contact = only(read_vcards(text))
    assert contact.name == "Renée Dupré"
    assert contact.note == "café = coffee"  # CHARSET missing: UTF-8 is tried first


# ----------------------------------------------------------------------- vCard 3.0


def test_google_30_export() -> None:
    ann, tyres = read_vcards(GOOGLE_30)
    assert ann == Contact(
        name="Ann Baker",
        company="Baker Fleet Services, Inc.",
        phones=["(555) 010-2030", "+1 555-010-2040"],
        emails=["ann@example.com", "fleet@bakerfleet.example"],
        birthday="1975-03-14",
        anniversary=None,
        note=(
            "Owns three vans, one trailer; wants the fleet discount. "
            "Call after 4pm, when the shop is quiet.\nPays by cheque."
        ),
        categories=["fleet"],  # myContacts and starred are Google's system groups
        origin="card 1 (line 1)",
        called="Annie",
    )
    # No name at all: the email stands in; a Google birthday without a year.
    assert tyres.name == "orders@tyreworld.example"
    assert tyres.birthday == "--07-04"
    assert tyres.categories == []
    assert tyres.origin == "card 2 (line 19)"


def test_apple_30_export() -> None:
    chidi, maria = read_vcards(APPLE_30)
    assert chidi.name == "Chidi Okafor"
    assert chidi.company == "Okafor Plumbing"
    assert chidi.phones == ["+1 (555) 013-3344", "+1 (555) 013-0000"]  # type=pref first
    assert chidi.emails == ["chidi@okaforplumbing.example"]
    assert chidi.birthday == "--11-28"  # 1604 is Apple's "no year"
    assert chidi.anniversary == "2004-06-12"  # the X-ABDATE labelled Anniversary only
    assert maria.name == "Dr. Maria Luisa Reyes"
    assert maria.birthday == "1980-11-28"


def test_apple_1604_without_omit_year_parameter() -> None:
    text = "BEGIN:VCARD\nVERSION:3.0\nFN:Kim Lee\nBDAY;VALUE=date:1604-02-29\nEND:VCARD\n"
    assert only(read_vcards(text)).birthday == "--02-29"


def test_lower_case_names_lf_endings_and_tab_folding() -> None:
    text = (
        "begin:vcard\nversion:3.0\nfn:Sam\n\tTaylor\nnote:first\\nsecond\\\\third\n"
        "email;type=internet:sam@example.org\nend:vcard\n"
    )
    contact = only(read_vcards(text))
    assert contact.name == "SamTaylor"  # unfolding removes exactly the one whitespace
    assert contact.note == "first\nsecond\\third"
    assert contact.emails == ["sam@example.org"]


def test_name_built_from_n_then_org() -> None:
    text = crlf(
        "BEGIN:VCARD\nVERSION:3.0\nN:Baker;Ann;Marie;;Jr.\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:3.0\nORG:Tyre World;Sales\nTEL:555-0100\nEND:VCARD\n"
    )
    ann, shop = read_vcards(text)
    assert ann.name == "Ann Marie Baker Jr."
    assert (shop.name, shop.company, shop.phones) == ("Tyre World", "Tyre World", ["555-0100"])


# ----------------------------------------------------------------------- vCard 4.0


def test_vcard_40() -> None:
    dana, eli = read_vcards(VCARD_40)
    assert dana == Contact(
        name="Dana Whitfield",
        company="Whitfield Farms",
        phones=["+1-555-0123", "+1 555 0199 ext. 12"],
        emails=["dana@whitfield.example"],
        birthday="--12-09",
        anniversary="1998-06-20",
        note=None,
        categories=["fleet", "vip"],
        origin="card 1 (line 1)",
    )
    assert eli.birthday == "1980-11-28"


def test_free_text_birthday_in_40_is_ignored() -> None:
    text = "BEGIN:VCARD\nVERSION:4.0\nFN:Old Tom\nBDAY;VALUE=text:circa 1950\nEND:VCARD\n"
    assert only(read_vcards(text)).birthday is None


# -------------------------------------------------------------------- vCard errors


def three_cards(third: str) -> str:
    return (
        "BEGIN:VCARD\nVERSION:3.0\nFN:One\nEND:VCARD\n"
        "\n"
        "BEGIN:VCARD\nVERSION:3.0\nFN:Two\nNOTE:a long\n  note\nEND:VCARD\n" + third
    )


def test_skipped_cards_still_count() -> None:
    text = three_cards(
        "BEGIN:VCARD\nVERSION:3.0\nN:;;;;\nEND:VCARD\nBEGIN:VCARD\nFN:Four\nEND:VCARD"
    )
    contacts = read_vcards(text)
    assert [(c.name, c.origin) for c in contacts] == [
        ("One", "card 1 (line 1)"),
        ("Two", "card 2 (line 6)"),
        ("Four", "card 4 (line 16)"),
    ]


def test_begin_without_end_at_the_end_of_the_file() -> None:
    with pytest.raises(BadInput) as caught:
        read_vcards(three_cards("BEGIN:VCARD\nVERSION:3.0\nFN:Three\n"))
    assert str(caught.value) == "card 3 (line 12): BEGIN:VCARD without END:VCARD"


def test_begin_without_end_before_the_next_card() -> None:
    text = three_cards("BEGIN:VCARD\nFN:Three\nBEGIN:VCARD\nFN:Four\nEND:VCARD\n")
    with pytest.raises(BadInput, match=r"^card 3 \(line 12\): BEGIN:VCARD without END:VCARD$"):
        read_vcards(text)


def test_end_without_begin() -> None:
    with pytest.raises(BadInput) as caught:
        read_vcards(three_cards("FN:Three\nEND:VCARD\n"))
    assert str(caught.value) == 'line 12: expected BEGIN:VCARD after card 2, found "FN:Three"'
    with pytest.raises(BadInput) as caught:
        read_vcards(three_cards("END:VCARD\n"))
    assert str(caught.value) == "line 12: END:VCARD without BEGIN:VCARD"


def test_not_a_vcard_file() -> None:
    with pytest.raises(BadInput) as caught:
        read_vcards("name,email\nAnn,ann@example.com\n")
    assert str(caught.value) == "line 1: not a vCard file: expected BEGIN:VCARD"


def test_empty_file_has_no_contacts() -> None:
    assert read_vcards("") == []
    assert read_vcards("\r\n\r\n") == []


@pytest.mark.parametrize("bday", ["next tuesday", "1980-13-01", "1981-02-29", "---28"])
def test_unreadable_birthday(bday: str) -> None:
    text = three_cards(f"BEGIN:VCARD\nFN:Three\nBDAY:{bday}\nEND:VCARD\n")
    with pytest.raises(BadInput) as caught:
        read_vcards(text)
    assert str(caught.value) == f'card 3 (line 12): cannot read the birthday "{bday}"'


def test_unreadable_anniversary() -> None:
    with pytest.raises(BadInput, match=r'^card 1 \(line 1\): cannot read the anniversary "June"'):
        read_vcards("BEGIN:VCARD\nFN:A\nANNIVERSARY:June\nEND:VCARD\n")


# --------------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1980-11-28", "1980-11-28"),
        ("19801128", "1980-11-28"),
        ("1980-11-28T00:00:00Z", "1980-11-28"),
        ("19801128T000000", "1980-11-28"),
        ("--11-28", "--11-28"),
        ("--1209", "--12-09"),
        ("1604-11-28", "--11-28"),
        ("0000-02-29", "--02-29"),
        (" 2000-02-29 ", "2000-02-29"),
        ("1980-1128", None),
        ("11/28/1980", None),
        ("1980-02-30", None),
        ("--13-01", None),
        ("", None),
    ],
)
def test_parse_day(value: str, expected: str | None) -> None:
    assert parse_day(value) == expected


def test_parse_day_omit_year() -> None:
    assert parse_day("1900-05-01", omit_year=1900) == "--05-01"


# ----------------------------------------------------------------------------- CSV


def csv_text(header: list[str], rows: list[dict[str, str]], *, quote_all: bool = False) -> str:
    """Rows as Google (minimal quoting) or Outlook (everything quoted) write them, CRLF."""
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL)
    writer.writerow(header)
    for row in rows:
        assert set(row) <= set(header)
        writer.writerow([row.get(column, "") for column in header])
    return out.getvalue()


GOOGLE_HEADER = [
    "First Name",
    "Middle Name",
    "Last Name",
    "Phonetic First Name",
    "Phonetic Middle Name",
    "Phonetic Last Name",
    "Name Prefix",
    "Name Suffix",
    "Nickname",
    "File As",
    "Organization Name",
    "Organization Title",
    "Organization Department",
    "Birthday",
    "Notes",
    "Photo",
    "Labels",
    "E-mail 1 - Label",
    "E-mail 1 - Value",
    "E-mail 2 - Label",
    "E-mail 2 - Value",
    "Phone 1 - Label",
    "Phone 1 - Value",
    "Phone 2 - Label",
    "Phone 2 - Value",
    "Address 1 - Label",
    "Address 1 - Formatted",
    "Event 1 - Label",
    "Event 1 - Value",
]

GOOGLE_CSV = csv_text(
    GOOGLE_HEADER,
    [
        {
            "First Name": "Ann",
            "Last Name": "Baker",
            "Nickname": "Annie",
            "Organization Name": "Baker Fleet Services, Inc.",
            "Organization Title": "Owner",
            "Birthday": "1975-03-14",
            "Notes": "Three vans, one trailer.\nPays by cheque.",
            "Labels": "* myContacts ::: Fleet ::: * starred",
            "E-mail 1 - Label": "* Home",
            "E-mail 1 - Value": "ann@example.com",
            "E-mail 2 - Label": "Work",
            "E-mail 2 - Value": "fleet@bakerfleet.example",
            "Phone 1 - Label": "Mobile",
            "Phone 1 - Value": "(555) 010-2030 ::: (555) 010-2031",
            "Phone 2 - Label": "Work",
            "Phone 2 - Value": "+1 555-010-2040",
            "Address 1 - Label": "Work",
            "Address 1 - Formatted": "12 Mill Lane\nSpringfield, IL 62701",
            "Event 1 - Label": "Anniversary",
            "Event 1 - Value": "2001-09-15",
        },
        {
            "Organization Name": "Tyre World",
            "Labels": "* myContacts",
            "Phone 1 - Value": "555-0100",
            "Birthday": "--07-04",
        },
        {"Labels": "* myContacts", "Notes": "no name, no email"},
        {
            "First Name": "Chidi",
            "Last Name": "Okafor",
            "E-mail 1 - Value": "chidi@example.com",
            "Labels": "Plumbers ::: VIP ::: * myContacts",
        },
    ],
)


def test_google_csv() -> None:
    ann, tyres, chidi = read_contacts_csv(GOOGLE_CSV)
    assert ann == Contact(
        name="Ann Baker",
        company="Baker Fleet Services, Inc.",
        phones=["(555) 010-2030", "(555) 010-2031", "+1 555-010-2040"],
        emails=["ann@example.com", "fleet@bakerfleet.example"],
        birthday="1975-03-14",
        anniversary="2001-09-15",
        note="Three vans, one trailer.\nPays by cheque.",
        categories=["fleet"],
        origin="line 2",
        called="Annie",
    )
    # Ann's row spans three lines: the notes and the address each hold a line break.
    assert (tyres.name, tyres.company, tyres.birthday, tyres.origin) == (
        "Tyre World",
        "Tyre World",
        "--07-04",
        "line 5",
    )
    assert chidi.categories == ["plumbers", "vip"]
    assert chidi.origin == "line 7"


def test_older_google_csv() -> None:
    header = [
        "Name",
        "Given Name",
        "Additional Name",
        "Family Name",
        "Yomi Name",
        "Name Prefix",
        "Name Suffix",
        "Nickname",
        "Birthday",
        "Notes",
        "Group Membership",
        "E-mail 1 - Type",
        "E-mail 1 - Value",
        "Phone 1 - Type",
        "Phone 1 - Value",
        "Organization 1 - Type",
        "Organization 1 - Name",
    ]
    text = csv_text(
        header,
        [
            {
                "Name": "Maria Reyes",
                "Given Name": "Maria",
                "Family Name": "Reyes",
                "Group Membership": "* My Contacts ::: Fleet ::: * Friends",
                "E-mail 1 - Type": "* Work",
                "E-mail 1 - Value": "maria@reyes.example ::: m.reyes@example.com",
                "Phone 1 - Type": "Mobile",
                "Phone 1 - Value": "555-0142",
                "Organization 1 - Name": "Reyes Haulage",
            },
            {"Given Name": "Tom", "Family Name": "Hart", "Birthday": "1969-12-31"},
        ],
    )
    maria, tom = read_contacts_csv(text)
    assert maria.name == "Maria Reyes"
    assert maria.emails == ["maria@reyes.example", "m.reyes@example.com"]
    assert maria.phones == ["555-0142"]
    assert maria.company == "Reyes Haulage"
    assert maria.categories == ["fleet", "friends"]
    assert (tom.name, tom.birthday) == ("Tom Hart", "1969-12-31")


OUTLOOK_HEADER = [
    "Title",
    "First Name",
    "Middle Name",
    "Last Name",
    "Suffix",
    "Company",
    "Department",
    "Job Title",
    "Business Street",
    "Business City",
    "Business State",
    "Business Postal Code",
    "Business Fax",
    "Business Phone",
    "Business Phone 2",
    "Home Phone",
    "Mobile Phone",
    "Other Phone",
    "Primary Phone",
    "Anniversary",
    "Birthday",
    "Categories",
    "E-mail Address",
    "E-mail Type",
    "E-mail Display Name",
    "E-mail 2 Address",
    "Notes",
    "Priority",
    "Private",
    "Sensitivity",
]

OUTLOOK_CSV = csv_text(
    OUTLOOK_HEADER,
    [
        {
            "Title": "Mr.",
            "First Name": "Chidi",
            "Last Name": "Okafor",
            "Company": "Okafor Plumbing",
            "Business Phone": "(555) 013-0000",
            "Mobile Phone": "(555) 013-3344",
            "Anniversary": "0/0/00",
            "Birthday": "11/28/1980",
            "Categories": "Plumbers;VIP",
            "E-mail Address": "chidi@okaforplumbing.example",
            "E-mail Type": "SMTP",
            "E-mail Display Name": "Chidi Okafor (chidi@okaforplumbing.example)",
            "Notes": "Met at the trade fair.",
            "Priority": "Normal",
            "Private": "False",
            "Sensitivity": "Normal",
        },
        {
            "First Name": "Eli",
            "Last Name": "Novak",
            "Anniversary": "6/1/2010",
            "Birthday": "0/0/00",
            "E-mail 2 Address": "eli@novak.example",
            "Priority": "Normal",
            "Private": "False",
            "Sensitivity": "Normal",
        },
        {"Anniversary": "0/0/00", "Birthday": "0/0/00", "Priority": "Normal"},
    ],
    quote_all=True,
)


def test_outlook_csv() -> None:
    chidi, eli = read_contacts_csv(OUTLOOK_CSV)
    assert chidi == Contact(
        name="Chidi Okafor",
        company="Okafor Plumbing",
        phones=["(555) 013-3344", "(555) 013-0000"],
        emails=["chidi@okaforplumbing.example"],
        birthday="1980-11-28",
        anniversary=None,
        note="Met at the trade fair.",
        categories=["plumbers", "vip"],
        origin="line 2",
    )
    assert (eli.name, eli.emails, eli.birthday, eli.anniversary) == (
        "Eli Novak",
        ["eli@novak.example"],
        None,
        "2010-06-01",
    )


def test_outlook_bad_birthday() -> None:
    text = csv_text(OUTLOOK_HEADER, [{"First Name": "A", "Birthday": "31/12/1980"}])
    with pytest.raises(BadInput) as caught:
        read_contacts_csv(text)
    assert str(caught.value) == 'line 2: cannot read the birthday "31/12/1980"'


PLAIN_CSV = """name,company,phone,email,called,tags,birthday,notes
Ann Baker,Baker Fleet,555-0101,ann@example.com,Annie,"fleet, VIP",1975-03-14,Pays by cheque
Tom Hart,,,,,,--12-09,
,,555-0199,,,,,row without name or email
,Tyre World,,orders@tyreworld.example,,,,
"""


def test_plain_csv() -> None:
    ann, tom, tyres = read_contacts_csv(PLAIN_CSV)
    assert ann == Contact(
        name="Ann Baker",
        company="Baker Fleet",
        phones=["555-0101"],
        emails=["ann@example.com"],
        birthday="1975-03-14",
        anniversary=None,
        note="Pays by cheque",
        categories=["fleet", "vip"],
        origin="line 2",
        called="Annie",
    )
    assert (tom.name, tom.phones, tom.emails, tom.birthday) == ("Tom Hart", [], [], "--12-09")
    assert (tyres.name, tyres.origin) == ("Tyre World", "line 5")


def test_plain_csv_header_case_and_semicolons() -> None:
    text = "Name;Email;Phone\r\nRenée Dupré;renee@example.fr;+33 1 23 45 67 89\r\n"
    contact = only(read_contacts_csv(text))
    assert (contact.name, contact.emails, contact.phones) == (
        "Renée Dupré",
        ["renee@example.fr"],
        ["+33 1 23 45 67 89"],
    )


def test_plain_csv_bad_birthday_names_the_line() -> None:
    rows = "".join(f"Customer {n},,,c{n}@example.com,,,,\n" for n in range(5))
    text = "name,company,phone,email,called,tags,birthday,notes\n" + rows
    text += "Ann Baker,,,,,,3/14/75,\n"
    with pytest.raises(BadInput) as caught:
        read_contacts_csv(text)
    assert str(caught.value) == 'line 7: cannot read the birthday "3/14/75"'


def test_unknown_csv_layout() -> None:
    with pytest.raises(BadInput) as caught:
        read_contacts_csv("id,amount,date\n1,20.00,2026-11-24\n")
    assert str(caught.value) == (
        "line 1: unknown CSV layout: expected a Google or Outlook contacts export, "
        "or columns name,company,phone,email"
    )


def test_empty_csv() -> None:
    assert read_contacts_csv("") == []
    assert read_contacts_csv("name,email\n") == []


# --------------------------------------------------------------------------- files


def test_read_contacts_dispatches_on_the_extension() -> None:
    assert [c.name for c in read_contacts("Contacts.VCF", GOOGLE_30.encode())] == [
        "Ann Baker",
        "orders@tyreworld.example",
    ]
    assert len(read_contacts("export.vcard", VCARD_40.encode())) == 2
    assert len(read_contacts("/home/me/google.csv", GOOGLE_CSV.encode())) == 3


def test_read_contacts_decodings() -> None:
    text = "name,email\r\nRenée Dupré,renee@example.fr\r\n"
    for data in (
        text.encode("utf-8"),
        b"\xef\xbb\xbf" + text.encode("utf-8"),  # Excel's "CSV UTF-8"
        text.encode("cp1252"),  # Excel's plain "CSV"
        text.encode("utf-16"),  # Outlook's "Unicode" CSV, with a BOM
    ):
        assert only(read_contacts("c.csv", data)).name == "Renée Dupré"
    assert only(read_contacts("c.csv", b"name\r\nA\x81B\r\n")).name == "A\x81B"  # Latin-1
    vcard = "\ufeffBEGIN:VCARD\r\nFN:Zoë\r\nEND:VCARD\r\n"
    assert only(read_contacts("z.vcf", vcard.encode("utf-8"))).name == "Zoë"


def test_read_contacts_errors_name_the_file() -> None:
    broken = "BEGIN:VCARD\nFN:One\nEND:VCARD\n" * 2 + "\n" * 34 + "BEGIN:VCARD\nFN:Three\n"
    with pytest.raises(BadInput) as caught:
        read_contacts("contacts.vcf", broken.encode())
    assert str(caught.value) == "contacts.vcf: card 3 (line 41): BEGIN:VCARD without END:VCARD"
    with pytest.raises(BadInput) as caught:
        read_contacts("people.csv", b"id,amount\n")
    assert str(caught.value).startswith("people.csv: line 1: unknown CSV layout")
    with pytest.raises(BadInput) as caught:
        read_contacts("people.xlsx", b"PK\x03\x04")
    assert str(caught.value) == (
        "people.xlsx: cannot tell the contacts format: expected a .vcf, .vcard or .csv file"
    )


# ---------------------------------------------------------------------- properties

NO_DATABASE = settings(database=None, deadline=None)


@NO_DATABASE
@given(st.text())
def test_escape_round_trips(text: str) -> None:
    escaped = escape_text(text)
    assert "\n" not in escaped
    assert unescape_text(escaped) == text


@NO_DATABASE
@given(st.text(alphabet=st.sampled_from("ab\\,;:nN\n ")))
def test_escape_round_trips_on_escape_heavy_text(text: str) -> None:
    assert unescape_text(escape_text(text)) == text


def fold(line: str, width: int) -> str:
    return "\r\n ".join(line[i : i + width] for i in range(0, len(line), width)) or line


@NO_DATABASE
@given(
    name=st.text(st.characters(exclude_characters="\r")),
    note=st.text(st.characters(exclude_characters="\r")),
    width=st.integers(min_value=1, max_value=75),
)
def test_values_survive_a_card(name: str, note: str, width: int) -> None:
    text = crlf("BEGIN:VCARD\nVERSION:3.0\n") + fold(f"FN:{escape_text(name)}", width)
    text += "\r\n" + fold(f"NOTE:{escape_text(note)}", width) + crlf("\nEND:VCARD\n")
    contacts = read_vcards(text)
    expected_name = " ".join(name.split())
    if not expected_name:
        assert contacts == []
        return
    contact = only(contacts)
    assert contact.name == expected_name
    assert contact.note == (note.strip() or None)


VCARD_LINES = st.sampled_from(
    [
        "BEGIN:VCARD",
        "END:VCARD",
        "begin:vcard",
        "VERSION:2.1",
        "FN:Ann",
        "N:;;;;",
        "ORG:;",
        "TEL;VALUE=uri:tel:;ext=",
        'TEL;TYPE="cell:x',
        "EMAIL;PREF=1:mailto:",
        "BDAY:--1209",
        "BDAY:1604-02-30",
        "BDAY;X-APPLE-OMIT-YEAR=²:1980-01-01",
        "ANNIVERSARY;VALUE=text:",
        "item1.X-ABDATE:2004-06-12",
        "item1.X-ABLabel:_$!<Anniversary>!$_",
        "NOTE;ENCODING=QUOTED-PRINTABLE;CHARSET=rot13:=C3=",
        "NOTE;ENCODING=b;CHARSET=undefined:w6k=",
        "FN;ENCODING=BASE64:***",
        "FN;CHARSET=utf-16;QUOTED-PRINTABLE:=FF",
        "CATEGORIES:a\\,b,;",
        " folded",
        "\tfolded",
        "=",
        "",
        "no colon",
    ]
)


@NO_DATABASE
@given(st.lists(st.one_of(VCARD_LINES, st.text(max_size=20)), max_size=25), st.booleans())
def test_read_vcards_only_raises_bad_input(lines: list[str], lf: bool) -> None:
    try:
        contacts = read_vcards(("\n" if lf else "\r\n").join(lines))
    except BadInput:
        return
    assert all(contact.name for contact in contacts)


@NO_DATABASE
@given(st.text())
def test_read_vcards_on_any_text_only_raises_bad_input(text: str) -> None:
    with contextlib.suppress(BadInput):
        read_vcards(text)


@NO_DATABASE
@given(st.sampled_from(["name,email,birthday\n", ",".join(GOOGLE_HEADER) + "\n", ""]), st.text())
def test_read_contacts_csv_only_raises_bad_input(header: str, body: str) -> None:
    try:
        contacts = read_contacts_csv(header + body)
    except BadInput:
        return
    assert all(contact.name for contact in contacts)


def test_a_plain_sheet_sorted_by_surname_gives_names_in_natural_order() -> None:
    (contact,) = read_contacts_csv('name,phone\n"DeLuca, Francesco",555-0123\n')
    assert contact.name == "Francesco DeLuca"
