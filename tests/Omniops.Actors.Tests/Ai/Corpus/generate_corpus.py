#!/usr/bin/env python3
"""Generates minimiser-corpus.jsonl: synthetic ecommerce support messages in UK/EU/US formats.

Every personal value is labelled with its kind and offsets (`entities`, `known: true` when the grains would know it
for the conversation); hard negatives that must not be flagged (SKUs, prices, sizes, discount codes, dates, 16-digit
non-card references, bare order numbers, product codes, words containing a customer's first name) are labelled in
`negatives`. Deterministic (fixed seed): `python3 generate_corpus.py > minimiser-corpus.jsonl`.
All names, numbers and addresses are invented; phone numbers follow each country's numbering plan.
"""
import json
import random

R = random.Random(20261201)
COUNT = 360


def luhn_digit(body):
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return str((10 - total % 10) % 10)


def luhn_ok(number):
    return luhn_digit(number[:-1]) == number[-1]


def digits(n):
    return ''.join(R.choice('0123456789') for _ in range(n))


def group(s, sizes, sep):
    out, i = [], 0
    for size in sizes:
        out.append(s[i:i + size])
        i += size
    return sep.join(out)


def card():
    prefix, length, groups = R.choice([
        ('4', 16, (4, 4, 4, 4)), ('4', 16, (4, 4, 4, 4)), ('5' + R.choice('12345'), 16, (4, 4, 4, 4)),
        ('2221', 16, (4, 4, 4, 4)), ('3' + R.choice('47'), 15, (4, 6, 5)), ('6011', 16, (4, 4, 4, 4)),
        ('35' + str(R.randint(28, 89)), 16, (4, 4, 4, 4))])
    body = prefix + digits(length - len(prefix) - 1)
    number = body + luhn_digit(body)
    return group(number, groups, R.choice([' ', ' ', '-', '']))


def ref16():
    while True:
        number = R.choice('4589') + digits(15)
        if not luhn_ok(number):
            return group(number, (4, 4, 4, 4), R.choice([' ', '', '-']))


def iban():
    country, length, bban = R.choice([
        ('GB', 22, lambda: R.choice(['NWBK', 'BARC', 'LOYD', 'HBUK', 'MIDL']) + digits(14)),
        ('DE', 22, lambda: digits(18)), ('FR', 27, lambda: digits(10) + digits(11) + digits(2)),
        ('NL', 18, lambda: R.choice(['ABNA', 'INGB', 'RABO']) + digits(10)),
        ('IE', 22, lambda: R.choice(['AIBK', 'BOFI']) + digits(14)), ('ES', 24, lambda: digits(20)),
        ('IT', 27, lambda: R.choice('ABCX') + digits(22))])
    b = bban()
    rearranged = b + country + '00'
    numeric = ''.join(str(int(c, 36)) for c in rearranged)
    check = 98 - int(numeric) % 97
    value = f'{country}{check:02d}{b}'
    assert len(value) == length
    style = R.random()
    if style < 0.6:
        return ' '.join(value[i:i + 4] for i in range(0, len(value), 4))
    if style < 0.9:
        return value
    return value[:4] + ' ' + value[4:]


def us_phone():
    area = R.choice(['212', '415', '312', '617', '206', '503', '646', '213', '305', '512'])
    exchange = str(R.randint(2, 9)) + str(R.randint(0, 9)) + str(R.randint(2, 9))
    line = digits(4)
    return R.choice([f'({area}) {exchange}-{line}', f'{area}-{exchange}-{line}', f'+1 {area} {exchange} {line}',
                     f'{area}.{exchange}.{line}', f'+1-{area}-{exchange}-{line}'])


def phone(locale):
    if locale == 'UK':
        mobile = '7' + R.choice('4579') + digits(8)
        land = R.choice(['20 7946 ', '161 496 ', '131 496 ', '117 496 ']) + '0' + digits(3)
        return R.choice([f'0{mobile[:4]} {mobile[4:]}', f'+44 {mobile[:4]} {mobile[4:]}', f'0{mobile}',
                         f'+44 (0){mobile[:4]}-{mobile[4:7]}-{mobile[7:]}', f'0{land}', f'+44 {land}'])
    if locale == 'US':
        return us_phone()
    if locale == 'DE':
        m = '15' + R.choice('1279') + digits(8)
        return R.choice([f'0{m[:3]} {m[3:]}', f'+49 {m[:3]} {m[3:]}', f'030 {digits(8)}', f'+49 30 {digits(8)}',
                         f'089 {digits(7)}'])
    if locale == 'FR':
        m = R.choice('67') + digits(8)
        pairs = ' '.join(m[i:i + 2] for i in range(1, 9, 2))
        return R.choice([f'0{m[0]} {pairs}', f'+33 {m[0]} {pairs}', f'0{m}', f'01 {pairs}'])
    if locale == 'NL':
        return R.choice([f'06 {digits(8)}', f'+31 6 {digits(8)}', f'020 {digits(7)}', f'+31 20 {digits(3)} {digits(4)}'])
    if locale == 'IE':
        return R.choice([f'08{R.choice("3567")} {digits(3)} {digits(4)}', f'+353 8{R.choice("3567")} {digits(3)} {digits(4)}',
                         f'01 {digits(3)} {digits(4)}'])
    if locale == 'ES':
        m = R.choice('67') + digits(8)
        return R.choice([f'{m[:3]} {m[3:6]} {m[6:]}', f'+34 {m[:3]} {m[3:6]} {m[6:]}', f'+34{m}'])
    m = '3' + R.choice('2345') + digits(8)
    return R.choice([f'{m[:3]} {m[3:6]} {m[6:]}', f'+39 {m[:3]} {m[3:]}', f'+39 06 {digits(8)}'])


FIRST = ['Ann', 'Mark', 'Rob', 'Tom', 'Ian', 'Eve', 'Dan', 'Olivia', 'Amelia', 'Oliver', 'Harry', 'Siobhan', 'Aoife',
         'Liam', 'Sophie', 'Lukas', 'Hannah', 'Lea', 'Maximilian', 'Camille', 'Louis', 'Chloé', 'Sanne', 'Daan',
         'Lucía', 'Javier', 'Giulia', 'Marco', 'Emily', 'Jacob', 'Madison', 'Ethan', 'Priya', 'Mohammed', 'Zoë']
LAST = ['Smith', 'Jones', 'Taylor', 'Brown', "O'Connor", 'Murphy', 'Müller', 'Schmidt', 'Dubois', 'Lefèvre',
        'de Vries', 'van Dijk', 'García', 'Fernández', 'Rossi', 'Bianchi', 'Johnson', 'Williams', 'Patel',
        'Nguyen', 'Kowalski', 'Okafor', 'Fitzgerald', 'Whitaker']
NAME_WORDS = {'Ann': ['Annual', 'announcement'], 'Mark': ['market', 'marked'], 'Rob': ['problem', 'Robust'],
              'Tom': ['tomorrow', 'custom'], 'Ian': ['Italian', 'guardian'], 'Eve': ['every', 'even'],
              'Dan': ['dance', 'abundant'], 'Lea': ['leather', 'please'], 'Liam': ['brilliant'], 'Marco': ['Marcopolo']}

ADDRESS = {
    'UK': lambda: (f'{R.randint(1, 220)} {R.choice(["Baker Street", "Mill Lane", "Station Road", "Queens Avenue", "Church Walk"])}',
                   R.choice(['London', 'Leeds', 'Bristol', 'Manchester', 'Edinburgh']),
                   R.choice(['SW1A 1AA', 'NW1 6XE', 'M1 1AE', 'LS1 4DY', 'BS8 1TH', 'EH1 2NG', 'EC1A 1BB', 'W1A 0AX', 'B33 8TH', 'CR2 6XH'])),
    'US': lambda: (f'{R.randint(100, 9999)} {R.choice(["Maple Avenue", "Oak Street", "Sunset Blvd", "Main St", "Elm Drive"])}',
                   R.choice(['Springfield, IL', 'Austin, TX', 'Portland, OR', 'Boston, MA', 'Denver, CO']),
                   R.choice(['62704', '73301', '97201-1234', '02108', '80202-4411'])),
    'DE': lambda: (f'{R.choice(["Hauptstraße", "Bahnhofstraße", "Gartenweg", "Lindenallee"])} {R.randint(1, 120)}',
                   R.choice(['Berlin', 'München', 'Hamburg', 'Köln']), R.choice(['10115', '80331', '20095', '50667'])),
    'FR': lambda: (f'{R.randint(1, 90)} {R.choice(["rue de Rivoli", "avenue Victor Hugo", "boulevard Voltaire", "rue des Lilas"])}',
                   R.choice(['Paris', 'Lyon', 'Marseille', 'Lille']), R.choice(['75001', '69002', '13001', '59000'])),
    'NL': lambda: (f'{R.choice(["Keizersgracht", "Damrak", "Coolsingel", "Oudegracht"])} {R.randint(1, 400)}',
                   R.choice(['Amsterdam', 'Rotterdam', 'Utrecht']), R.choice(['1012 AB', '3011 AD', '3511 LX', '1017 CE'])),
    'IE': lambda: (f'{R.randint(1, 80)} {R.choice(["Grafton Street", "Parnell Square", "Patrick Street"])}',
                   R.choice(['Dublin 2', 'Cork', 'Galway']), R.choice(['D02 X285', 'T12 RX94', 'H91 E2K3'])),
    'ES': lambda: (f'Calle {R.choice(["Mayor", "de Alcalá", "Gran Vía"])} {R.randint(1, 90)}',
                   R.choice(['Madrid', 'Sevilla']), R.choice(['28013', '41001'])),
    'IT': lambda: (f'Via {R.choice(["Roma", "Garibaldi", "Dante"])} {R.randint(1, 90)}',
                   R.choice(['Roma', 'Milano']), R.choice(['00184', '20121'])),
}
LOCALES = ['UK', 'UK', 'UK', 'US', 'US', 'US', 'DE', 'FR', 'NL', 'IE', 'ES', 'IT']


class Message:
    def __init__(self):
        self.parts, self.length, self.entities, self.negatives = [], 0, [], []

    def add(self, text, kind=None, known=False, negative=None):
        if kind:
            self.entities.append({'kind': kind, 'start': self.length, 'length': len(text), 'known': known})
        if negative:
            self.negatives.append({'kind': negative, 'start': self.length, 'length': len(text)})
        self.parts.append(text)
        self.length += len(text)

    def fill(self, template, values):
        """template pieces: plain text, or {SLOT}; values[SLOT] = (text, kind, known, negative)."""
        i = 0
        while i < len(template):
            j = template.find('{', i)
            if j < 0:
                self.add(template[i:])
                break
            self.add(template[i:j])
            k = template.index('}', j)
            text, kind, known, negative = values[template[j + 1:k]]
            self.add(text, kind, known, negative)
            i = k + 1


def sku():
    return R.choice([f'SKU {R.choice(["TS", "HD", "JK", "SN"])}-{R.randint(1000, 9999)}-{R.choice(["BLK", "NVY", "RED"])}-{R.choice("SML")}',
                     f'SKU-{R.randint(100000, 999999)}', f'item {R.choice(["AB", "CX", "QT"])}{R.randint(10, 99)}-{R.randint(100, 999)}',
                     f'PN {R.randint(1000, 9999)}-{R.choice(["KK", "LM"])}{R.randint(10, 99)}-{R.randint(1000, 9999)}'])


def price(locale):
    whole, cents = R.randint(3, 2400), R.randint(0, 99)
    return {'UK': f'£{whole:,}.{cents:02d}', 'US': f'${whole:,}.{cents:02d}'}.get(
        locale, R.choice([f'€{whole},{cents:02d}', f'{whole},{cents:02d} €', f'EUR {whole}.{cents:02d}']))


def date():
    d, m, y = R.randint(1, 28), R.randint(1, 12), R.choice([2024, 2025, 2026])
    return R.choice([f'{d:02d}/{m:02d}/{y}', f'{y}-{m:02d}-{d:02d}', f'{d}.{m}.{y}', f'{m}/{d}/{y}',
                     f'{d} {R.choice(["March", "June", "October"])} {y}'])


def build(n):
    locale = R.choice(LOCALES)
    first, last = R.choice(FIRST), R.choice(LAST)
    full = f'{first} {last}'
    email = f'{R.choice([first, first[0]])}.{last}'.lower().replace("'", '').replace(' ', '') + R.choice(
        ['@example.com', '@mail.example.co.uk', '@post.example.de', '@example.fr', '@example.nl'])
    email = email.encode('ascii', 'ignore').decode()
    known_phone = phone(locale)
    street, city, postcode = ADDRESS[locale]()
    order_number = str(R.randint(1001, 99999))
    tracking = R.choice([f'1Z{R.randint(100, 999)}AA{digits(10)}', f'JD{digits(16)}', f'RM{digits(9)}GB',
                         f'{digits(12)}', f'00{digits(16)}'])
    known = [('Customer', full), ('Email', email), ('Phone', known_phone), ('Address', f'{street}, {city}, {postcode}'),
             ('Order', '#' + order_number), ('Tracking', tracking)]
    # The message may spell the known phone differently from the record (digits are what matter).
    spelled_phone = known_phone
    if R.random() < 0.5:
        spelled_phone = known_phone.replace(' ', '').replace('-', '').replace('(', '').replace(')', '').replace('.', '')
    v = {
        'NAME': (full, 'Customer', True, None), 'FIRST': (first, 'Customer', True, None), 'LAST': (last, 'Customer', True, None),
        'EMAIL': (email, 'Email', True, None), 'KPHONE': (spelled_phone, 'Phone', True, None),
        'STREET': (street, 'Address', True, None), 'CITY': (city, 'Address', True, None),
        'POSTCODE': (postcode, 'Address', True, None),
        'ORDER': (R.choice(['#', '#', '']) + order_number, 'Order', True, None), 'TRACK': (tracking, 'Tracking', True, None),
        'PHONE': (phone(R.choice(LOCALES)), 'Phone', False, None),
        'OEMAIL': (R.choice(['partner', 'j.doe', 'sam_k', 'mum.account']) + str(R.randint(1, 99)) + '@example.org', 'Email', False, None),
        'CARD': (card(), 'Card', False, None), 'CVV': (digits(R.choice([3, 3, 4])), 'Cvv', False, None),
        'PWD': (R.choice(['Summer2024!', 'hunter2', 'P@ssw0rd#77', 'correct-horse-9', 'Tr0ub4dor&3', 'letmein123']), 'Secret', False, None),
        'APIKEY': (R.choice([f'sk_live_{"".join(R.choice("abcdefghijkLMNOP0123456789") for _ in range(24))}',
                             f'Bearer eyJhbGciOiJIUzI1NiJ9.{digits(12)}abc.{digits(10)}xyz',
                             f'ghp_{"".join(R.choice("ABCDEFghijkl0123456789") for _ in range(36))}']), 'Secret', False, None),
        'IBAN': (iban(), 'Iban', False, None),
        'IP': (R.choice([f'{R.randint(11, 223)}.{R.randint(0, 255)}.{R.randint(0, 255)}.{R.randint(1, 254)}',
                         f'2001:db8:{R.randint(1, 9999):x}::{R.randint(1, 65535):x}']), 'IpAddress', False, None),
        'URL': (R.choice([f'https://shop.example.com/account/reset?token={"".join(R.choice("abcdef0123456789") for _ in range(32))}',
                          f'https://cdn.example.net/invoices/{order_number}.pdf?X-Amz-Signature={"".join(R.choice("abcdef0123456789") for _ in range(40))}&X-Amz-Expires=300',
                          f'https://track.example.com/t/{"".join(R.choice("ABCDEFGHJKmnpqrstuvwxyz23456789") for _ in range(28))}']), 'TokenUrl', False, None),
        'NINO': (R.choice(['AB123456C', 'JG 10 33 97 A', 'NP 78 29 13 D', 'SK 44 12 90 B']), 'NationalId', False, None),
        'SSN': (f'{R.randint(100, 665)}-{R.randint(10, 99)}-{R.randint(1000, 9999)}', 'NationalId', False, None),
        'USCITY': (R.choice(['Springfield, IL', 'Austin, TX', 'Reno, NV']), None, False, None),
        'USZIP': (R.choice(['62704', '73301', '89501-2233']), 'Postcode', False, None),
        'UKPOST': (R.choice(['SE1 9GP', 'G1 1XQ', 'CF10 1EP', 'OX1 2JD']), 'Postcode', False, None),
        'SKU': (sku(), None, False, 'Sku'), 'PRICE': (price(locale), None, False, 'Price'),
        'PRICE2': (price(locale), None, False, 'Price'),
        'SIZE': (R.choice(['UK 9', 'EU 42', 'W32 L34', 'size M', 'XL', 'US 10.5', '38/40']), None, False, 'Size'),
        'CODE': (R.choice(['SAVE20', 'WELCOME10', 'BLACKFRIDAY25', 'SPRING-15', 'FREESHIP', 'VIP2025']), None, False, 'DiscountCode'),
        'DATE': (date(), None, False, 'Date'), 'REF16': (ref16(), None, False, 'Reference16'),
        'BARE': (str(R.randint(100000, 99999999)), None, False, 'BareNumber'),
        'PCODE': (R.choice([f'EAN {R.choice("45")}0{digits(11)}', f'model XR-{R.randint(1000, 9999)}-B{R.randint(1, 9)}',
                            f'batch {R.randint(10, 99)}{R.choice("ABCDEF")}{digits(6)}', f'v{R.randint(1, 9)}.{R.randint(0, 20)}.{R.randint(0, 9)}']), None, False, 'ProductCode'),
        'QTY': (R.choice(['2 x', 'qty 3', 'pack of 12', '500 ml', '1.5 kg']), None, False, 'Quantity'),
        'TIME': (R.choice(['10:30', '14:45', '09:00']), None, False, 'Time'),
        'NWORD': (R.choice(NAME_WORDS.get(first, ['thanks'])), None, False, 'WordContainingName'),
    }
    openers = ['Hi, this is {NAME}. ', 'Hello, {FIRST} here. ', 'Dear support, ', 'Hey there, ', 'Good morning, my name is {NAME}. ',
               'Hallo, ich bin {NAME}. ', 'Bonjour, {NAME} ici. ', 'Hi team, ']
    clauses = [
        'My order {ORDER} has not arrived yet and the tracking {TRACK} has not moved since {DATE}. ',
        'Please send the replacement to {STREET}, {CITY}, {POSTCODE}. ',
        'You can reach me on {KPHONE} after {TIME}. ',
        'Call me back on {PHONE} please. ', 'My email is {EMAIL} if that helps. ',
        'I was charged {PRICE} twice for {SKU} in {SIZE}. ',
        'I paid with card {CARD}, expiry 09/27, CVV {CVV}. ', 'The security code is {CVV}. ',
        'My account password: {PWD} (please reset it). ', 'my pwd={PWD} and it stopped working. ',
        'Our integration uses {APIKEY} and returns 401. ',
        'Please refund to IBAN {IBAN}. ', 'Refund to my account {IBAN} please, reference {BARE}. ',
        'The login came from {IP} which was not me. ', 'The reset link {URL} says expired. ',
        'My NI number is {NINO} for the invoice. ', 'SSN {SSN} was asked at checkout, why? ',
        'Ship to my office in {USCITY} {USZIP}. ', 'Our warehouse is at {UKPOST} if needed. ',
        'The code {CODE} did not apply to {SKU}. ', 'Item {PCODE} is listed at {PRICE2} but {QTY} shows {PRICE}. ',
        'Your reference {REF16} appears on my statement dated {DATE}. ',
        'Is {SIZE} true to size? I ordered {QTY} on {DATE}. ',
        'I also bought {BARE} points worth of vouchers. ',
        'The {NWORD} delivery note mentions {PCODE}. ',
        'Also forward the receipt to {OEMAIL}. ', 'Tracking {TRACK} shows delivered but nothing came to {POSTCODE}. ',
        'Regards, {LAST}. ',
    ]
    closers = ['Thanks, {FIRST}', 'Best, {NAME}', 'Cheers', 'Danke, {LAST}', 'Merci', 'Thank you!']
    m = Message()
    m.fill(R.choice(openers), v)
    for clause in R.sample(clauses, R.randint(2, 5)):
        m.fill(clause, v)
    if R.random() < 0.3:
        m.fill('Also: ' + R.choice(clauses), v)
    m.fill(R.choice(closers), v)
    return {'id': n, 'locale': locale, 'text': ''.join(m.parts),
            'known': [{'kind': k, 'value': value} for k, value in known],
            'entities': m.entities, 'negatives': m.negatives}


if __name__ == '__main__':
    for n in range(1, COUNT + 1):
        print(json.dumps(build(n), ensure_ascii=False))
