#!/usr/bin/env python3
"""Writes the invented redaction corpus: transcripts/tNN.txt and labels.json (the planted personal data, each with
its kind and exact span as character offsets; the transcripts are ASCII, so offsets are the same in bytes and UTF-16).
Every name, number and address here is invented: phone numbers from Ofcom's drama ranges, e-mail addresses at
example domains, card numbers generated to pass the Luhn check. Run: python3 make_corpus.py (deterministic)."""
import json, os, random

rng = random.Random(20261206)
here = os.path.dirname(os.path.abspath(__file__))

def luhn_complete(prefix, length):
    digits = [int(c) for c in prefix] + [rng.randrange(10) for _ in range(length - len(prefix) - 1)]
    for check in range(10):
        all_digits = digits + [check]
        total = 0
        for i, d in enumerate(reversed(all_digits)):
            if i % 2 == 1:
                d *= 2
                if d > 9: d -= 9
            total += d
        if total % 10 == 0:
            return ''.join(map(str, all_digits))

def luhn_ok(s):
    total = 0
    for i, c in enumerate(reversed(s)):
        d = int(c)
        if i % 2 == 1:
            d *= 2
            if d > 9: d -= 9
        total += d
    return total % 10 == 0

def card():
    kind = rng.choice(['visa', 'visa', 'mc', 'amex'])
    if kind == 'amex':
        n = luhn_complete(rng.choice(['34', '37']), 15)
        groups = [n[:4], n[4:10], n[10:]]
    else:
        n = luhn_complete('4' if kind == 'visa' else '5' + str(rng.randint(1, 5)), 16)
        groups = [n[i:i + 4] for i in range(0, 16, 4)]
    return rng.choice([' ', '-', '', ' ']).join(groups)

def non_luhn_16():
    while True:
        n = ''.join(str(rng.randrange(10)) for _ in range(16))
        if n[0] != '0' and not luhn_ok(n):
            return ' '.join(n[i:i + 4] for i in range(0, 16, 4))

def sort_code():
    a, b, c = (rng.randint(10, 99) for _ in range(3))
    return rng.choice(['%d-%d-%d', '%d %d %d', '%d%d%d']) % (a, b, c)

def account():
    n = '%08d' % rng.randint(10000000, 99999999)
    return n if rng.random() < 0.8 else n[:4] + ' ' + n[4:]

def phone():
    tail = '%03d' % rng.randint(0, 999)
    return rng.choice([
        '07700 900' + tail, '07700900' + tail, '020 7946 0' + tail, '0161 496 0' + tail, '0113 496 0' + tail,
        '+44 7700 900' + tail, '+44 (0)20 7946 0' + tail, '+1 212 555 0' + tail[1:] + str(rng.randint(0, 9)),
        '+33 1 23 45 67 ' + tail[:2], '+353 1 555 0' + tail, '01632 960' + tail, '+61 2 5550 ' + tail + '1',
    ])

FIRST = ['jo', 'sam', 'alex', 'priya', 'tom', 'aisha', 'li', 'marek', 'fatima', 'owen', 'grace', 'ravi']
LAST = ['bloggs', 'patel', 'smith', 'nowak', 'okafor', 'jones', 'chen', 'evans', 'khan', 'murphy']
def email():
    f, l = rng.choice(FIRST), rng.choice(LAST)
    if rng.random() < 0.2:
        return '%s dot %s at example dot com' % (f, l)
    return rng.choice(['%s.%s@example.com', '%s%s@example.org', '%s_%s@mail.example.net', '%s.%s+shop@example.co.uk']) % (f, l)

MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October',
          'November', 'December']
def birth_date():
    d, m, y = rng.randint(1, 28), rng.randint(1, 12), rng.randint(1940, 2004)
    suffix = 'th' if d not in (1, 2, 3, 21, 22, 23) else {1: 'st', 2: 'nd', 3: 'rd', 21: 'st', 22: 'nd', 23: 'rd'}[d]
    return rng.choice(['%02d/%02d/%d' % (d, m, y), '%d/%d/%d' % (d, m, y), '%d%s of %s %d' % (d, suffix, MONTHS[m - 1], y),
                       '%d %s %d' % (d, MONTHS[m - 1], y), '%s %d, %d' % (MONTHS[m - 1], d, y), '%02d.%02d.%d' % (d, m, y)])

def postcode():
    return rng.choice(['SW1A 1AA', 'M1 1AE', 'B33 8TH', 'CR2 6XH', 'DN55 1PT', 'EC1A 1BB', 'W1A 0AX', 'LS1 4DY',
                       'G2 3PE', 'CF10 1EP', 'BS1 5TR', 'NE1 7RU', 'EH1 1YZ', 'L1 8JQ', 'sw1a 2aa', 'NG7 2RD'])

# Openings (the personal datum, as a list of segments: plain text or (kind, value)).
def s_card():
    return rng.choice([
        ["Customer: The long number on the card is ", ('card', card()), ".\n"],
        ["Customer: OK, it's ", ('card', card()), ", expiry next year.\n"],
        ["Agent: Can you read me the card number please?\nCustomer: Yes, ", ('card', card()), ".\n"],
    ])
def s_sort():
    return rng.choice([
        ["Agent: What's the sort code?\nCustomer: ", ('sort-code', sort_code()), ".\n"],
        ["Customer: The sort code is ", ('sort-code', sort_code()), " and the account number is ", ('account', account()), ".\n"],
        ["Agent: Sort code and account number, please.\nCustomer: Sort code ", ('sort-code', sort_code()),
         ", account ", ('account', account()), ".\n"],
    ])
def s_account():
    return rng.choice([
        ["Agent: And your account number?\nCustomer: It's ", ('account', account()), ".\n"],
        ["Customer: My bank account number is ", ('account', account()), ", I think.\n"],
    ])
def s_phone():
    return rng.choice([
        ["Agent: What's the best number to call you back on?\nCustomer: ", ('phone', phone()), ".\n"],
        ["Customer: You can ring me on ", ('phone', phone()), " after five.\n"],
        ["Customer: My mobile is ", ('phone', phone()), ".\n"],
        ["Customer: My sister's number is ", ('phone', phone()), " if I'm not in.\n"],
    ])
def s_email():
    return rng.choice([
        ["Customer: My email is ", ('email', email()), ".\n"],
        ["Agent: I'll send the confirmation to ", ('email', email()), ", is that right?\nCustomer: Yes.\n"],
        ["Customer: Send it to ", ('email', email()), " please.\n"],
    ])
def s_dob():
    return rng.choice([
        ["Agent: Can I take your date of birth?\nCustomer: Yes, it's ", ('date-of-birth', birth_date()), ".\n"],
        ["Customer: DOB is ", ('date-of-birth', birth_date()), ".\n"],
        ["Customer: I was born on ", ('date-of-birth', birth_date()), ".\n"],
        ["Agent: And the date of birth on the account?\nCustomer: ", ('date-of-birth', birth_date()), ".\n"],
    ])
WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine']
def s_hard():
    # Personal data said in ways the redactor is not built to catch, or only just: planted to measure honestly.
    tail = '%03d' % rng.randint(0, 999)
    return rng.choice([
        ["Customer: It's ", ('phone', 'oh seven seven double oh, nine oh oh, ' + ' '.join(WORDS[int(c)] for c in tail)), ".\n"],
        ["Customer: My email is ", ('email', rng.choice(FIRST).title() + '.' + rng.choice(LAST).title() + '@Example.COM'), ".\n"],
        ["Customer: Postcode ", ('postcode', rng.choice(['M11AE', 'LS14DY', 'SW1A1AA'])), ".\n"],
        ["Customer: The card is ", ('card', card().replace(' ', '-', 1)), ".\n"],
        ["Agent: Just to confirm the date of birth, that was the ", ('date-of-birth', birth_date()), "?\nCustomer: Yes.\n"],
    ])

def s_postcode():
    return rng.choice([
        ["Agent: And the postcode?\nCustomer: ", ('postcode', postcode()), ".\n"],
        ["Customer: It's 14 Mill Lane, ", ('postcode', postcode()), ".\n"],
        ["Customer: We moved, the new postcode is ", ('postcode', postcode()), ".\n"],
    ])

# Numbers that are not personal data.
def tricky():
    return rng.choice([
        "Agent: Your order number is %d.\n" % rng.randint(1000000000, 9999999999),
        "Agent: That's order ORD-%d.\n" % rng.randint(10000000, 99999999),
        "Agent: The total comes to %d.%02d pounds including VAT.\n" % (rng.randint(1, 2000), rng.randint(0, 99)),
        "Agent: It costs GBP %d,%03d.%02d.\n" % (rng.randint(1, 9), rng.randint(0, 999), rng.randint(0, 99)),
        "Agent: The engineer comes between %d:%02d and %d:30.\n" % (rng.randint(8, 11), rng.choice([0, 15, 30, 45]), rng.randint(12, 17)),
        "Agent: Your reference is REF %d-%s.\n" % (rng.randint(10000, 99999), rng.choice(['AC', 'BX', 'QZ'])),
        "Agent: The case number is %d.\n" % rng.randint(10000000, 99999999),
        "Agent: We sent the letter on %02d/%02d/2024.\n" % (rng.randint(1, 28), rng.randint(1, 12)),
        "Agent: Your contract ends on %d %s 2025.\n" % (rng.randint(1, 28), rng.choice(MONTHS)),
        "Agent: The tracking number is %s.\n" % non_luhn_16(),
        "Agent: The parcel locker code is %02d-%02d-%02d.\n" % (rng.randint(10, 99), rng.randint(10, 99), rng.randint(10, 99)),
        "Agent: Your booking reference is 0%d %d.\n" % (rng.randint(1000, 9999), rng.randint(100000, 999999)),
        "Agent: Flight BA%d leaves at 14:%02d.\n" % (rng.randint(100, 9999), rng.randint(0, 59)),
        "Agent: That's %d%% off for %d months.\n" % (rng.randint(5, 50), rng.randint(3, 24)),
        "Agent: The router model is TP%d and the serial is %d.\n" % (rng.randint(1000, 9999), rng.randint(100000000000, 999999999999)),
        "Agent: We've been open 24/7 since 2019.\n",
        "Agent: Your meter reading was %d on %d-%02d-%02d.\n" % (rng.randint(10000, 99999), 2025, rng.randint(1, 12), rng.randint(1, 28)),
        "Agent: The invoice number is 0%d.\n" % rng.randint(1000000000, 9999999999),
        "Agent: Take the M%d at junction %d.\n" % (rng.randint(1, 62), rng.randint(1, 30)),
        "Agent: Our helpline is 0800 %03d %04d, free from any phone.\n" % (rng.randint(100, 999), rng.randint(0, 9999)),
        "Customer: My son was born last year, and the parcel came on %02d/%02d/2025.\n" % (rng.randint(1, 28), rng.randint(1, 12)),
        "Agent: The router ID on the sticker is ZX9 8AB.\n",
        "Agent: Your balance is %d.%02d and the account ends in %04d.\n" % (rng.randint(10, 9999), rng.randint(0, 99), rng.randint(0, 9999)),
        "Agent: That's version %d.%d.%d of the app.\n" % (rng.randint(1, 9), rng.randint(0, 20), rng.randint(0, 40)),
    ])

OPENING = ["Agent: Thank you for calling, you're through to Priya, how can I help?\n",
           "Agent: Good morning, customer services, Tom speaking.\n",
           "Agent: Hello, thanks for waiting, how can I help today?\n"]
FILLER = ["Customer: I'm calling about my bill, it looks wrong.\n",
          "Agent: I'm sorry to hear that, let me have a look for you.\n",
          "Customer: The broadband keeps dropping in the evening.\n",
          "Agent: Before I go into the account I need to ask a few security questions.\n",
          "Customer: Sure, go ahead.\n",
          "Agent: Thank you, that's all confirmed.\n",
          "Customer: I'd like to cancel the extra package.\n",
          "Agent: I can see the payment failed last month.\n",
          "Customer: Can you update my details?\n",
          "Agent: Is there anything else I can help with today?\n"]

makers = [s_card, s_sort, s_account, s_phone, s_email, s_dob, s_postcode, s_hard]
os.makedirs(os.path.join(here, 'transcripts'), exist_ok=True)
labels = []
for t in range(1, 49):
    segments = [rng.choice(OPENING)]
    chosen = [makers[(t - 1) % len(makers)]] + rng.sample(makers, rng.randint(1, 3))
    items = [m() for m in chosen] + [[tricky()] for _ in range(rng.randint(2, 4))] + [[rng.choice(FILLER)] for _ in range(3)]
    rng.shuffle(items)
    for item in items: segments += item
    segments.append("Agent: Thanks for calling, goodbye.\n")
    text, spans = '', []
    for seg in segments:
        if isinstance(seg, tuple):
            kind, value = seg
            spans.append({'kind': kind, 'start': len(text), 'end': len(text) + len(value), 'text': value})
            text += value
        else:
            text += seg
    text = text.replace('?', '?')
    assert all(ord(c) < 128 for c in text), text
    name = 't%02d.txt' % t
    with open(os.path.join(here, 'transcripts', name), 'w') as f: f.write(text)
    labels.append({'file': name, 'spans': spans})
with open(os.path.join(here, 'labels.json'), 'w') as f:
    json.dump({'about': 'Planted personal data in transcripts/*.txt: kind and exact span (character offsets, ASCII text). Made by make_corpus.py.',
               'transcripts': labels}, f, indent=1)
    f.write('\n')
