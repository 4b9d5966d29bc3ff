"""The words of an inbound SMS that change consent: opt-out, opt-in (re-subscription) and HELP.

Twilio acts on its English keywords (STOP, STOPALL, UNSUBSCRIBE, CANCEL, END, QUIT, REVOKE, OPTOUT; START,
YES, UNSTOP; HELP, INFO) when they are the whole trimmed reply, case-insensitively, and then blocks the
number itself. Brazilians reply in Portuguese and in sentences, so the app keeps its own consent state
from every reply (research/integrations.md §3.1), by this rule:

1. Case, accents, punctuation, emoji and spacing do not matter: "Não quero!!" is NAO QUERO, "s t o p" STOP.
2. A reply that is one keyword is that keyword (Twilio's rule), also with polite or leading words
   around it: "Pare, por favor", "STOP please", "quero sair", "pode parar", "não quero mais", "me remova".
3. A keyword inside a longer message counts only for opting out, and only when the message asks for the
   messages themselves to stop: a stop, remove or cancel verb together with what is to stop (sending,
   messages, SMS, the list, the number): "pare de me mandar mensagem", "não quero mais receber",
   "me tira dessa lista", "remova meu número", "cancela o envio de SMS", "stop texting me". A keyword
   alone in a sentence is not ("não quero perder a promoção", "vou sair mais cedo", "pode cancelar o
   pedido", "me tira uma dúvida"), nor a negated request ("não precisa me tirar da lista").
4. Opting back in and HELP are whole-reply only: re-subscribing someone who did not ask is the worse
   mistake, and a HELP answer to a sentence is noise.

Why not the whole reply only, as Twilio does: a rep's lead who writes "pare de me mandar mensagem" has
opted out in every sense that matters (LGPD consent, complaints, carrier filtering), and the app would go
on texting them. Why not any keyword anywhere: "não quero perder a promoção" is a lead who wants the
offer. The middle way recognises explicit requests; everything it misses still lands on the lead's
timeline for the rep to read. Portuguese words and sentences change only the app's state: Twilio does not
block on them, and the app refuses every send to an opted-out lead itself.

`classify` gives the kind and the canonical keyword; `keyword` is the canonical keyword alone, a member
of OPT_OUT_KEYWORDS, OPT_IN_KEYWORDS or HELP_KEYWORDS (upper case, without accents: "NAO QUERO").
`KEYWORDS` lists them as people write them, for Settings.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from typing import NamedTuple

OPT_OUT, OPT_IN, HELP = "opt_out", "opt_in", "help"


def _fold(text: str | None) -> str:
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


def _tokens(text: str | None) -> list[str]:
    return re.findall(r"[a-z0-9]+", _fold(text))


def _clauses(text: str | None) -> str:
    """'Não! Pare de me mandar SMS.' -> 'nao | pare de me mandar sms |'."""
    marked = re.sub(r"[.,;:!?\n()\[\]]+", " | ", _fold(text))
    return " ".join(re.findall(r"[a-z0-9]+|\|", marked))


class Keyword(NamedTuple):  # NamedTuples, not dataclasses: Settings imports this module for its list, and fast
    word: str  # as shown: "NÃO QUERO"
    kind: str  # OPT_OUT | OPT_IN | HELP
    twilio: bool = False  # Twilio itself acts on it (blocks, unblocks or answers the number)

    @property
    def canonical(self) -> str:
        """'NÃO QUERO' -> 'NAO QUERO' (the words are letters and spaces)."""
        return " ".join(_fold(self.word).split()).upper()


KEYWORDS: tuple[Keyword, ...] = (
    *(Keyword(word, OPT_OUT) for word in ("PARE", "PARAR", "PARA", "PAREM", "SAIR", "CANCELAR", "CANCELA",
                                          "DESCADASTRAR", "DESCADASTRE", "NÃO QUERO", "REMOVER", "REMOVA")),
    *(Keyword(word, OPT_OUT, twilio=True) for word in ("STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT",
                                                       "REVOKE", "OPTOUT")),
    *(Keyword(word, OPT_IN) for word in ("VOLTAR", "INICIAR")),
    *(Keyword(word, OPT_IN, twilio=True) for word in ("START", "YES", "UNSTOP")),
    Keyword("AJUDA", HELP),
    *(Keyword(word, HELP, twilio=True) for word in ("HELP", "INFO")),
)
OPT_OUT_KEYWORDS = frozenset(k.canonical for k in KEYWORDS if k.kind == OPT_OUT)
OPT_IN_KEYWORDS = frozenset(k.canonical for k in KEYWORDS if k.kind == OPT_IN)
HELP_KEYWORDS = frozenset(k.canonical for k in KEYWORDS if k.kind == HELP)

# A whole reply is compared without its spaces ("s t o p", "opt-out", "não-quero"); shorthand spellings too.
_WHOLE: dict[str, str] = {k.canonical.replace(" ", ""): k.canonical for k in KEYWORDS}
_WHOLE.update({"NQUERO": "NAO QUERO", "NAOQUERO": "NAO QUERO", "NAUMQUERO": "NAO QUERO"})
_KIND = {k.canonical: k.kind for k in KEYWORDS}

# Words that may come before a whole keyword ("por favor pare", "quero sair", "pode parar", "me remova") …
_LEADING = frozenset("por favor pf pfv pfvr eu quero queria gostaria de desejo pode podem me ok please pls oi ola "
                     "just".split())
# … and after it ("pare por favor", "stop please", "não quero mais", "sair obrigado", "stop now").
_TRAILING = frozenset("por favor pf pfv pfvr obrigado obrigada obg grato grata agora ja mais imediatamente urgente "
                      "please pls thanks thank you thx now ok".split())
_NEGATIONS = frozenset("nao n nem nunca jamais naum not never dont don".split())

# Requests inside a longer message, on folded text: lower case, no accents, words separated by one space and
# clauses by " | " (a pattern never spans a comma or a full stop).
_MESSAGES = r"(?:mensage(?:m|ns)|msgs?|sms|torpedos?|propagandas?|promocoes|spam)"
_LIST = r"(?:listas?|mailing|cadastro|base|contatos|sistema)"
_FROM = r"(?:d[ao]s?|dess[ae]s?|dest[ae]s?|nessa|nesta)"
_REMOVE = r"(?:remov|retir|tir|exclu|delet|apag|descadastr|desinscrev)\w*"
_SENDING = r"(?:mand|envi|encaminh|dispar)\w*"  # after "pare de": mandar, enviar, mandando …
_SEND_NOW = r"(?:mand|envi|encaminh)(?:e|em|a|ar)"  # "não me mande mais", not "não mandei mais"
# (pattern, canonical keyword, whether a negation just before it in its clause turns it around); compiled on first
# use (tens of ms), not when Settings imports the module for its list of words.
_REQUEST_SOURCES: tuple[tuple[str, str, bool], ...] = (
    (rf"\b(?:pare|parem|para|parar|chega)\s+de\s+(?:me\s+|nos\s+)?{_SENDING}", "PARE", True),
    (rf"\bchega\s+de\s+{_MESSAGES}\b", "PARE", True),
    (r"\bnao\s+(?:quero|desejo|gostaria\s+de)\s+(?:mais\s+)?receber\b", "NAO QUERO", False),
    (rf"\bnao\s+(?:quero|desejo)\s+mais\s+(?:\w+\s+){{0,2}}?{_MESSAGES}\b", "NAO QUERO", False),
    (rf"\bnao\s+(?:me\s+)?{_SEND_NOW}\s+mais\b", "NAO QUERO", False),
    (rf"\b{_REMOVE}\s+(?:(?:me|o|a|esse|este|meu|minha)\s+)*(?:numero|telefone|celular|contato|cadastro)\b",
     "REMOVER", True),
    (rf"\b{_REMOVE}\s+(?:\w+\s+){{0,2}}?{_FROM}\s+(?:\w+\s+)?{_LIST}\b", "REMOVER", True),
    (rf"\bme\s+{_REMOVE}\s+(?:daqui|disso)\b", "REMOVER", True),
    (r"\b(?:descadastr|desinscrev)\w*", "DESCADASTRAR", True),
    (rf"\b(?:sair|saia)\s+{_FROM}\s+(?:\w+\s+)?(?:{_LIST}|{_MESSAGES})\b", "SAIR", True),
    (rf"\bcancel\w*\s+(?:\w+\s+){{0,3}}?(?:{_MESSAGES}|{_LIST})\b", "CANCELAR", True),
    (r"\bstop\s+(?:texting|sending|messaging|contacting|txting|the\s+messages|messages|this)\b", "STOP", True),
    (r"\bunsubscribe\b", "UNSUBSCRIBE", True),
    (r"\b(?:remove\s+me|opt\s+(?:me\s+)?out)\b", "STOP", True),
)


@cache
def _requests() -> tuple[tuple[re.Pattern[str], str, bool], ...]:
    return tuple((re.compile(source), word, negatable) for source, word, negatable in _REQUEST_SOURCES)


class ConsentReply(NamedTuple):
    kind: str  # OPT_OUT | OPT_IN | HELP
    keyword: str  # canonical: a member of OPT_OUT_KEYWORDS, OPT_IN_KEYWORDS or HELP_KEYWORDS
    whole: bool  # the reply was the keyword (with polite words); False: a request inside a longer message


def _whole(tokens: list[str]) -> str | None:
    while tokens:
        found = _WHOLE.get("".join(tokens).upper())
        if found is not None:
            return found
        if tokens[0] in _LEADING:
            tokens = tokens[1:]
        elif tokens[-1] in _TRAILING:
            tokens = tokens[:-1]
        else:
            return None
    return None


def _negated(text: str, start: int) -> bool:
    """A "não" among the three words before `start`, in the same clause: "não precisa me tirar da lista"."""
    before = text[:start].split()[-3:]
    if "|" in before:
        before = before[len(before) - before[::-1].index("|"):]
    return any(word in _NEGATIONS for word in before)


def classify(body: str | None) -> ConsentReply | None:
    """What an inbound reply asks for, by the rule in this module's docstring; None for an ordinary reply."""
    tokens = _tokens(body)
    if not tokens:
        return None
    word = _whole(tokens)
    if word is not None:
        return ConsentReply(_KIND[word], word, True)
    text = _clauses(body)
    for pattern, keyword_, negatable in _requests():
        for match in pattern.finditer(text):
            if not (negatable and _negated(text, match.start())):
                return ConsentReply(OPT_OUT, keyword_, False)
    return None


def keyword(body: str | None) -> str | None:
    """'  Párar! ' -> 'PARAR', 'pare de me mandar mensagem' -> 'PARE', 'não quero perder a promoção' -> None."""
    reply = classify(body)
    return reply.keyword if reply else None


def keywords_of(kind: str) -> list[Keyword]:
    """The keywords of one kind, in the order Settings shows them (Portuguese first, then Twilio's)."""
    return [k for k in KEYWORDS if k.kind == kind]
