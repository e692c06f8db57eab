# The Jython workload of dev.sonde.benchmarks.JythonHarness: plain Python 2.7 and 3 alike, so that
# CPython can compute the checksum Jython must reach. It exercises what an interpreter spends its
# time on: calls, objects, dictionaries, strings, recursion. Sets `checksum`.


class Token(object):
    def __init__(self, kind, text):
        self.kind = kind
        self.text = text


def tokenize(source):
    tokens = []
    i = 0
    while i < len(source):
        c = source[i]
        if c.isspace():
            i += 1
        elif c.isdigit():
            j = i
            while j < len(source) and source[j].isdigit():
                j += 1
            tokens.append(Token("num", source[i:j]))
            i = j
        else:
            tokens.append(Token("op", c))
            i += 1
    return tokens


class Parser(object):
    def __init__(self, tokens):
        self.tokens = tokens
        self.at = 0

    def peek(self):
        return self.tokens[self.at].text if self.at < len(self.tokens) else None

    def take(self):
        token = self.tokens[self.at]
        self.at += 1
        return token

    def expression(self):
        value = self.term()
        while self.peek() in ("+", "-"):
            if self.take().text == "+":
                value = value + self.term()
            else:
                value = value - self.term()
        return value

    def term(self):
        value = self.factor()
        while self.peek() in ("*", "%"):
            if self.take().text == "*":
                value = value * self.factor()
            else:
                value = value % (self.factor() or 1)
        return value

    def factor(self):
        token = self.take()
        if token.text == "(":
            value = self.expression()
            self.take()
            return value
        return int(token.text)


def expressions(count, seed):
    out = []
    for n in range(count):
        seed = (seed * 1103515245 + 12345) % 2147483648
        a, b, c, d = seed % 97, (seed // 97) % 89, (seed // 8633) % 83, (seed // 716539) % 79
        out.append("(%d + %d) * %d - %d %% (%d + 1) + (%d * (%d - %d))" % (a, b, c, d, a, b, c, a))
    return out, seed


def sieve(limit):
    flags = [True] * (limit + 1)
    flags[0] = flags[1] = False
    for i in range(2, int(limit ** 0.5) + 1):
        if flags[i]:
            for j in range(i * i, limit + 1, i):
                flags[j] = False
    return [i for i in range(limit + 1) if flags[i]]


def words(count, seed):
    syllables = ["ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "ze", "pa"]
    frequency = {}
    for n in range(count):
        seed = (seed * 69069 + 1) % 4294967296
        word = syllables[seed % 10] + syllables[(seed // 10) % 10] + syllables[(seed // 100) % 10]
        frequency[word] = frequency.get(word, 0) + 1
    return frequency, seed


class Account(object):
    def __init__(self, number, balance):
        self.number = number
        self.balance = balance

    def move(self, other, amount):
        if self.balance >= amount:
            self.balance -= amount
            other.balance += amount
            return True
        return False


def ledger(count, seed):
    accounts = [Account(n, 1000) for n in range(64)]
    moved = 0
    for n in range(count):
        seed = (seed * 1103515245 + 12345) % 2147483648
        source, target = accounts[seed % 64], accounts[(seed // 64) % 64]
        if source is not target and source.move(target, seed % 300):
            moved += 1
    total = sum(account.balance for account in accounts)
    richest = sorted(accounts, key=lambda account: (-account.balance, account.number))[:5]
    return moved, total, [account.number for account in richest]


def run():
    result = 0
    sources, seed = expressions(6000, 42)
    for source in sources:
        result = (result * 31 + Parser(tokenize(source)).expression()) % 1000000007
    primes = sieve(300000)
    result = (result * 31 + len(primes) + primes[-1]) % 1000000007
    frequency, seed = words(150000, seed)
    for word in sorted(frequency):
        result = (result * 31 + frequency[word] * len(word)) % 1000000007
    moved, total, richest = ledger(200000, seed)
    if total != 64 * 1000:
        raise ValueError("the ledger lost money: %d" % total)
    result = (result * 31 + moved) % 1000000007
    for number in richest:
        result = (result * 31 + number) % 1000000007
    text = ",".join("%s=%d" % (word, frequency[word]) for word in sorted(frequency)[:200])
    return (result * 31 + len(text)) % 1000000007


checksum = str(run())

if __name__ == "__main__":
    print(checksum)
