"""The words AIConnect puts into a lead's SMS (segment names, recommendation reasons) follow the
workspace's sms.language, not the English the models write them in. The catalogue reads the .ts
translations without Qt; the real .ts may not have these entries yet, so each test writes its own
into a tmp folder (the templates translated are the real ones from app/ml)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from sqlalchemy import event, select

from app.db.models import Lead, Recommendation
from app.errors import ValidationError
from app.ml import workspace
from app.ml.insights import segment_texts
from app.ml.products import FALLBACK_NOTE
from app.services.messaging import wording as catalog
from app.services.messaging.templates import TemplateService
from app.services.messaging.wording import i18n_dir, in_language
from app.texts import QT_TRANSLATE_NOOP, Text, from_data, to_data
from tests.ml.pt_texts import BOUGHT, ML_PT
from tests.ml.test_workspace_ml import fill
from tests.ml.workspace_data import actions_workspace, purchases_workspace

PT = ML_PT
TEMPLATE = "{{ lead.segment }} | {{ top_product.reason }}"


def write_ts(folder: Path, messages: dict[tuple[str, str], object], extra: str = "", language: str = "pt_BR") -> Path:
    """aiconnect_<language>.ts with {(context, source): translation}; a tuple is a numerus entry's forms."""
    contexts: dict[str, list[str]] = {}
    for (context, source), translation in messages.items():
        if isinstance(translation, tuple):
            forms = "".join(f"<numerusform>{escape(f)}</numerusform>" for f in translation)
            xml = f'<message numerus="yes"><source>{escape(source)}</source><translation>{forms}</translation></message>'
        else:
            xml = f"<message><source>{escape(source)}</source><translation>{escape(str(translation))}</translation></message>"
        contexts.setdefault(context, []).append(xml)
    body = "".join(f"<context><name>{name}</name>{''.join(xml)}</context>" for name, xml in contexts.items())
    path = folder / f"aiconnect_{language}.ts"
    path.write_text(f'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n<TS version="2.1" language="{language}">'
                    f"{body}{extra}</TS>", encoding="utf-8")
    return path


@pytest.fixture
def translations(tmp_path: Path) -> Path:
    write_ts(tmp_path, {("ML", source): text for source, text in PT.items()})
    return tmp_path


def pt(value: object) -> object:
    """What a Portuguese SMS must say for a Text: PT's templates, dates as dd/mm/yyyy."""
    if isinstance(value, Text):
        return PT[value.template].format(**{k: pt(v) for k, v in value.params.items()})
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return value


# --- the catalogue -----------------------------------------------------------------------------------


def test_texts_are_translated_with_their_values_and_dates_in_each_language(translations):
    bought = Text(QT_TRANSLATE_NOOP("ML", BOUGHT), n=2, date=date(2024, 3, 2))
    note = Text(FALLBACK_NOTE, reason=bought)
    assert in_language(note, "pt_BR", translations) == \
        "Poucos dados de compras — sugestão simples, sem modelo. Comprou 2× (última compra em 02/03/2024)"
    assert in_language(note, "en", translations) is note, "English is the Text as the model wrote it"
    assert note == "Little purchase data — a simple suggestion, no model. Bought it 2× (last on 2024-03-02)"
    assert in_language(from_data(to_data(note)), "pt_BR", translations) == in_language(note, "pt_BR", translations), \
        "a Text read back from a JSON column translates the same"
    share = Text("{share:.0%} of the customers who buy {other} also buy this", share=0.456, other="Café")
    assert in_language(share, "pt_BR", translations) == "46% dos clientes que compram Café também compram este"
    assert in_language("plain words", "pt_BR", translations) == "plain words"
    assert in_language(None, "pt_BR", translations) == ""


def test_numbers_take_the_decimal_comma_in_portuguese(tmp_path):
    write_ts(tmp_path, {("Services", "{value:.1f} km away ({n:,} leads)"): "a {value:.1f} km ({n:,} leads)"})
    text = Text("{value:.1f} km away ({n:,} leads)", value=4.25, n=12345)
    assert in_language(text, "pt_BR", tmp_path) == "a 4,2 km (12.345 leads)"
    assert in_language(text, "en", tmp_path) == "4.2 km away (12,345 leads)"


def test_only_finished_entries_count_and_services_come_before_ml(tmp_path):
    extra = ('<context><name>Services</name>'
             '<message><source>draft</source><translation type="unfinished">rascunho</translation></message>'
             '<message><source>old</source><translation type="obsolete">antigo</translation></message>'
             '<message><source>gone</source><translation type="vanished">sumiu</translation></message>'
             '<message><source>empty</source><translation></translation></message>'
             '<message><source>open</source><comment>a door</comment><translation>porta aberta</translation></message>'
             '</context>'
             '<context><name>Leads</name><message><source>elsewhere</source><translation>noutro lugar</translation>'
             '</message></context>')
    write_ts(tmp_path, {("Services", "both"): "dos serviços", ("ML", "both"): "do modelo", ("ML", "model only"): "só modelo",
                        ("ML", "%n day(s)"): ("%n dia", "%n dias")}, extra)
    for english in ("draft", "old", "gone", "empty", "open", "elsewhere"):
        assert in_language(Text(english), "pt_BR", tmp_path) == english
    assert in_language(Text("both"), "pt_BR", tmp_path) == "dos serviços"
    assert in_language(Text("model only"), "pt_BR", tmp_path) == "só modelo"
    assert in_language(Text("%n day(s)"), "pt_BR", tmp_path) == "%n dia", "numerus entries: the first form"


def test_missing_files_entries_and_broken_translations_fall_back_to_english(tmp_path):
    text = Text("Bought it {n}× (last on {date})", n=1, date=date(2024, 3, 2))
    assert in_language(text, "pt_BR", tmp_path) == str(text), "no .ts in the folder"
    assert in_language(text, "es", i18n_dir()) == str(text), "a language without translations"
    write_ts(tmp_path, {("ML", BOUGHT): "Comprou {quantidade}×"})
    assert in_language(text, "pt_BR", tmp_path) == str(text), "a translation naming a value the text does not have"
    assert in_language(Text("never translated"), "pt_BR", tmp_path) == "never translated"
    (tmp_path / "aiconnect_pt_BR.ts").write_text("<TS><context>", encoding="utf-8")
    assert in_language(text, "pt_BR", tmp_path) == str(text), "a broken file"


def test_a_file_is_read_once_and_again_when_it_changes(tmp_path):
    path = write_ts(tmp_path, {("ML", "Customers"): "Clientes"})
    catalog._read.cache_clear()
    assert in_language(Text("Customers"), "pt_BR", tmp_path) == "Clientes"
    assert in_language(Text("Customers"), "pt_BR", tmp_path) == "Clientes"
    assert catalog._read.cache_info().misses == 1
    write_ts(tmp_path, {("ML", "Customers"): "Compradores"})
    stamp = path.stat().st_mtime_ns
    import os

    os.utime(path, ns=(stamp + 1_000_000_000, stamp + 1_000_000_000))  # a rewrite within the clock's resolution
    assert in_language(Text("Customers"), "pt_BR", tmp_path) == "Compradores"


def test_the_translations_are_found_in_a_checkout_and_in_a_bundle(tmp_path, monkeypatch):
    assert (i18n_dir() / "aiconnect_pt_BR.ts").is_file(), "the checkout's resources/i18n"
    monkeypatch.setattr("sys._MEIPASS", str(tmp_path), raising=False)
    assert i18n_dir() == tmp_path / "resources" / "i18n"
    spec = (Path(__file__).resolve().parents[2] / "packaging" / "aiconnect.spec").read_text(encoding="utf-8")
    assert '(str(ROOT / "resources"), "resources")' in spec, "the bundle carries resources/i18n with its .ts files"


def test_the_sms_language_setting(ctx):
    assert ctx.workspace.get("sms.language") == "pt_BR"
    assert ctx.workspace.set("sms.language", "en") == "en"
    with pytest.raises(ValidationError) as raised:
        ctx.workspace.set("sms.language", "es")
    problem = raised.value.problems["sms.language"]
    assert isinstance(problem, Text) and problem.startswith("must be pt_BR or en")
    assert ctx.workspace.get("sms.language") == "en"


# --- templates ------------------------------------------------------------------------------------------


def trained(ctx) -> tuple[int, str, Recommendation]:
    """A small real training: segments named by the model, product reasons with reason_data.
    Returns a customer with a segment and its first product recommendation."""
    fill(ctx, closed=60, open_=0)
    actions_workspace(ctx, leads=80)
    customers = purchases_workspace(ctx, customers=12)  # too few for the network: the labelled fallback
    workspace.train_models(ctx.db, ctx.settings.models_dir)
    workspace.score_leads(ctx.db, ctx.settings.models_dir)
    with ctx.db.session() as s:
        lead = s.get(Lead, customers[0])
        top = s.scalars(select(Recommendation).where(Recommendation.lead_id == lead.id, Recommendation.kind == "product")
                        .order_by(Recommendation.rank)).first()
        assert lead.segment and top is not None and top.reason_data is not None
        s.expunge(top)
        return lead.id, lead.segment, top


def test_segment_and_reason_reach_the_sms_in_the_workspace_language(ctx, translations):
    lead_id, segment, top = trained(ctx)
    names = {stored: text.name for stored, text in segment_texts(ctx.db).items()}
    service = TemplateService(ctx.db, ctx.user.id, translations=translations)

    portuguese = service.preview(TEMPLATE, lead_id).text
    assert portuguese == f"{pt(names[segment])} | {pt(from_data(top.reason_data))}"
    assert portuguese.split(" | ")[1].startswith("Poucos dados de compras — sugestão simples, sem modelo. ")
    assert "Customers" not in portuguese and "with " not in portuguese

    ctx.workspace.set("sms.language", "en")
    assert service.preview(TEMPLATE, lead_id).text == f"{segment} | {top.reason}", "English: the model's own words"


def test_older_rows_keep_their_stored_words(ctx, translations):
    lead = ctx.leads.create({"name": "Antiga", "stage": "new"})
    with ctx.db.transaction() as s:
        s.get(Lead, lead.id).segment = "Leads recentes"  # named before segments had Texts
        s.add(Recommendation(lead_id=lead.id, kind="product", rank=1, item="CAF", score=0.5, reason="compra junto",
                             created_at=datetime.now(UTC)))
    text = TemplateService(ctx.db, ctx.user.id, translations=translations).preview(TEMPLATE, lead.id).text
    assert text == "Leads recentes | compra junto"


def test_a_bulk_render_looks_the_words_up_once(ctx, translations):
    lead_id, segment, top = trained(ctx)
    service = TemplateService(ctx.db, ctx.user.id, translations=translations)
    body = "{{ lead.first_name }}: {{ lead.segment }}{% if top_product %} | {{ top_product.reason }}{% endif %}"
    compiled = service.compile(service.save("Oferta", body).id)
    names = {stored: text.name for stored, text in segment_texts(ctx.db).items()}
    statements: list[str] = []

    def seen(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(ctx.db.engine, "before_cursor_execute", seen)
    try:
        with ctx.db.session() as s:
            leads = s.scalars(select(Lead).where(Lead.segment.is_not(None)).order_by(Lead.id)).all()
            rendered = dict(service.render_for(s, compiled, leads))
    finally:
        event.remove(ctx.db.engine, "before_cursor_execute", seen)
    assert len(leads) > 50
    for lead, text in rendered.items():
        assert isinstance(text, str) and text.startswith(f"{lead.name.split()[0]}: {pt(names[lead.segment])}"), text
    assert {lead.id: text for lead, text in rendered.items()}[lead_id].endswith(f" | {pt(from_data(top.reason_data))}")
    assert sum("ml_models" in s for s in statements) == 1, "segment names: one query for the whole batch"
    assert sum("app_settings" in s for s in statements) == 1, "the SMS language: one query for the whole batch"
