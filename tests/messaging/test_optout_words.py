"""The consent words of inbound replies (app/services/messaging/consent_keywords.py): the Portuguese opt-out
words people send, in any case and with or without accents, Twilio's English keywords, polite words around
a keyword, and the rule for a keyword inside a longer message - an explicit request to stop the messages is
an opt-out, a keyword alone in a sentence is not. Opting back in and HELP need the whole reply."""

from __future__ import annotations

import pytest

from app.services.messaging.consent_keywords import (
    HELP,
    HELP_KEYWORDS,
    KEYWORDS,
    OPT_IN,
    OPT_IN_KEYWORDS,
    OPT_OUT,
    OPT_OUT_KEYWORDS,
    classify,
    keyword,
    keywords_of,
)

# The words the issue names, as people type them: upper, lower, mixed case, with and without accents.
PORTUGUESE = [
    ("PARE", "PARE"), ("pare", "PARE"), ("Páre", "PARE"), ("PARAR", "PARAR"), ("parar", "PARAR"), ("Parar!", "PARAR"),
    ("SAIR", "SAIR"), ("sair", "SAIR"), ("Saír", "SAIR"), ("CANCELAR", "CANCELAR"), ("cancelar", "CANCELAR"),
    ("Cancelar.", "CANCELAR"), ("DESCADASTRAR", "DESCADASTRAR"), ("descadastrar", "DESCADASTRAR"),
    ("NÃO QUERO", "NAO QUERO"), ("não quero", "NAO QUERO"), ("NAO QUERO", "NAO QUERO"), ("nao quero", "NAO QUERO"),
    ("Não Quero", "NAO QUERO"), ("nÃo qUeRo", "NAO QUERO"), ("não  quero!!", "NAO QUERO"), ("ñ quero", "NAO QUERO"),
    ("REMOVER", "REMOVER"), ("remover", "REMOVER"), ("Remóver", "REMOVER"),
    ("Para", "PARA"), ("parem", "PAREM"), ("Remova", "REMOVA"), ("descadastre", "DESCADASTRE"), ("cancela", "CANCELA"),
]
# Twilio's opt-out keywords (research/integrations.md §3.1), whole reply, any case.
TWILIO = [("STOP", "STOP"), ("stop", "STOP"), ("StopAll", "STOPALL"), ("UNSUBSCRIBE", "UNSUBSCRIBE"),
          ("cancel", "CANCEL"), ("End", "END"), ("QUIT", "QUIT"), ("revoke", "REVOKE"), ("OPTOUT", "OPTOUT"),
          ("opt-out", "OPTOUT"), ("  stop \n", "STOP"), ("s t o p", "STOP"), ("STOP!!! 😡", "STOP")]
# A keyword with polite or leading words around it is still the whole reply.
POLITE = [("Pare, por favor", "PARE"), ("por favor pare", "PARE"), ("STOP please", "STOP"), ("Sair, obrigado", "SAIR"),
          ("não quero mais", "NAO QUERO"), ("Não quero, obrigada.", "NAO QUERO"), ("quero sair", "SAIR"),
          ("Eu quero sair", "SAIR"), ("gostaria de descadastrar", "DESCADASTRAR"), ("pode parar", "PARAR"),
          ("me remova", "REMOVA"), ("Oi, quero cancelar", "CANCELAR"), ("PARE AGORA", "PARE"), ("pare já", "PARE"),
          ("quero me descadastrar", "DESCADASTRAR")]
# A longer message that asks for the messages to stop: an opt-out (not Twilio's rule; the app's own).
REQUESTS = [
    ("pare de me mandar mensagem", "PARE"), ("Para de mandar SMS!!", "PARE"), ("parem de me enviar essas mensagens", "PARE"),
    ("Não! Pare de me mandar mensagens", "PARE"), ("chega de mensagem", "PARE"), ("chega de me mandar isso", "PARE"),
    ("não quero mais receber mensagens", "NAO QUERO"), ("Não quero receber", "NAO QUERO"),
    ("não desejo mais receber sms de vocês", "NAO QUERO"), ("não quero mais suas mensagens", "NAO QUERO"),
    ("não me mande mais nada", "NAO QUERO"), ("Por favor não mandem mais", "NAO QUERO"),
    ("me tira dessa lista", "REMOVER"), ("me tire da lista por favor", "REMOVER"), ("remova meu número", "REMOVER"),
    ("Quero que excluam meu contato", "REMOVER"), ("remove meu telefone da sua lista", "REMOVER"),
    ("me tira daqui", "REMOVER"), ("como faço pra me descadastrar?", "DESCADASTRAR"),
    ("quero sair da lista", "SAIR"), ("sair dessa lista de sms", "SAIR"), ("cancelar o envio de sms", "CANCELAR"),
    ("cancela essas mensagens", "CANCELAR"), ("quero cancelar meu cadastro", "CANCELAR"),
    ("stop texting me", "STOP"), ("please stop sending these", "STOP"), ("unsubscribe me", "UNSUBSCRIBE"),
    ("Please remove me from your list", "STOP"),
]
# A keyword in an ordinary message, a negated request, or no keyword at all: not an opt-out.
ORDINARY = [
    "não quero perder a promoção", "Não quero agora, me liga semana que vem", "não quero mais o produto, obrigado",
    "Não, obrigado", "não", "NAO", "Vou sair mais cedo hoje, me liga amanhã", "pode cancelar o pedido",
    "Quero cancelar a visita de amanhã", "cancela o envio do pedido", "Quero remover um item do pedido",
    "me tira uma dúvida: qual o preço?", "Quero tirar uma dúvida sobre meu cadastro", "Pare na portaria, por favor",
    "para mim serve", "Mande para o meu email", "não mandei mais nada", "Não precisa me tirar da lista, só estou ocupado",
    "não pare de mandar as ofertas!", "nunca me descadastre", "Vou parar no posto e já chego", "stop by tomorrow",
    "the bus stop is near", "Tenho sim, me liga amanhã", "quero", "ok", "", "   ", "😀", None,
]


@pytest.mark.parametrize(("body", "word"), PORTUGUESE + TWILIO + POLITE)
def test_a_whole_reply_that_is_an_opt_out_word(body, word):
    reply = classify(body)
    assert reply is not None and (reply.kind, reply.keyword, reply.whole) == (OPT_OUT, word, True)


@pytest.mark.parametrize(("body", "word"), REQUESTS)
def test_a_request_to_stop_inside_a_longer_message_is_an_opt_out(body, word):
    reply = classify(body)
    assert reply is not None and (reply.kind, reply.keyword, reply.whole) == (OPT_OUT, word, False)


@pytest.mark.parametrize("body", ORDINARY)
def test_a_keyword_alone_in_an_ordinary_message_is_not_an_opt_out(body):
    assert classify(body) is None and keyword(body) is None


@pytest.mark.parametrize(("body", "word"), [("START", "START"), ("yes", "YES"), ("Unstop", "UNSTOP"), ("Voltar", "VOLTAR"),
                                            ("VOLTAR!", "VOLTAR"), ("iniciar", "INICIAR"), ("quero voltar", "VOLTAR"),
                                            ("Voltar, por favor", "VOLTAR")])
def test_opting_back_in_takes_the_whole_reply(body, word):
    reply = classify(body)
    assert reply is not None and (reply.kind, reply.keyword) == (OPT_IN, word)


@pytest.mark.parametrize("body", ["sim", "Sim, pode mandar", "vou voltar a comprar", "Voltar mais tarde",
                                  "quero iniciar um pedido", "start the order", "yes please call me tomorrow"])
def test_a_sentence_never_opts_back_in(body):
    assert classify(body) is None


@pytest.mark.parametrize(("body", "word"), [("ajuda", "AJUDA"), ("AJUDA!", "AJUDA"), ("Help", "HELP"), ("info", "INFO")])
def test_help_takes_the_whole_reply(body, word):
    reply = classify(body)
    assert reply is not None and (reply.kind, reply.keyword) == (HELP, word)


def test_help_in_a_sentence_is_an_ordinary_reply():
    assert classify("Preciso de ajuda com meu pedido") is None
    assert classify("mais info sobre o plano?") is None


def test_an_opt_out_request_wins_over_other_words_in_the_same_message():
    assert classify("Voltar? Não. Pare de me mandar mensagem").kind == OPT_OUT  # type: ignore[union-attr]


def test_every_word_found_is_one_of_the_lists_the_poller_checks():
    """`keyword` is what the inbound poller asks: what it returns is in OPT_OUT/OPT_IN/HELP_KEYWORDS."""
    kinds = {OPT_OUT: OPT_OUT_KEYWORDS, OPT_IN: OPT_IN_KEYWORDS, HELP: HELP_KEYWORDS}
    for body, _ in PORTUGUESE + TWILIO + POLITE + REQUESTS:
        reply = classify(body)
        assert reply is not None and reply.keyword in kinds[reply.kind] and keyword(body) == reply.keyword
    assert not OPT_OUT_KEYWORDS & OPT_IN_KEYWORDS and not OPT_OUT_KEYWORDS & HELP_KEYWORDS


def test_the_lists_cover_the_portuguese_words_and_twilios():
    shown = {k.word for k in keywords_of(OPT_OUT)}
    assert {"PARE", "PARAR", "SAIR", "CANCELAR", "DESCADASTRAR", "NÃO QUERO", "REMOVER"} <= shown
    assert {k.word for k in keywords_of(OPT_OUT) if k.twilio} == {"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END",
                                                                 "QUIT", "REVOKE", "OPTOUT"}
    assert {k.word for k in keywords_of(OPT_IN) if k.twilio} == {"START", "YES", "UNSTOP"}
    assert {k.word for k in keywords_of(HELP) if k.twilio} == {"HELP", "INFO"}
    assert [k.word for k in KEYWORDS] == list(dict.fromkeys(k.word for k in KEYWORDS))  # no word twice
    for k in KEYWORDS:  # each word as shown is recognised as itself
        reply = classify(k.word)
        assert reply is not None and (reply.kind, reply.keyword) == (k.kind, k.canonical)


def test_a_long_reply_is_classified_quickly():
    body = "Bom dia, tudo bem? " * 80 + "Por favor, pare de me mandar mensagem."  # ~1,600 characters, an SMS's most
    assert classify(body).keyword == "PARE"  # type: ignore[union-attr]
    assert classify("a " * 800) is None
