"""Spreadsheets for import: reading CSV (any common dialect and encoding) and XLSX, and
understanding them: which record field each column holds, and the words people write in cells.

A `Table` streams: its rows are read again from the file on every iteration, so a million-row
file never sits in memory and the mapping editor can preview the first rows cheaply.
Row numbers are the ones a spreadsheet shows (the header is row 1), blank rows included.
"""

from __future__ import annotations

import codecs
import csv
import functools
import gzip
import io
import logging
import re
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from itertools import islice
from pathlib import Path
from typing import Any, BinaryIO, cast, overload

from app.errors import KnownError
from app.services.leads.normalize import fold
from app.services.transfer.cells import CONTROL_CHARACTER, unguard_cell
from app.texts import QT_TRANSLATE_NOOP, Text

logger = logging.getLogger(__name__)

CSV_SUFFIXES = (".csv", ".tsv", ".txt")
XLSX_SUFFIXES = (".xlsx", ".xlsm")
DELIMITERS = (",", ";", "\t", "|")
SAMPLE_BYTES = 64 * 1024
_BINARY_MAGIC = {
    b"PK\x03\x04": "it is an Excel workbook or another zip file; save it with the .xlsx extension",
    b"\xd0\xcf\x11\xe0": "it is an old Excel .xls file; save it as .xlsx or CSV",
    b"%PDF": "it is a PDF document",
}
# Bytes that Windows-1252 leaves undefined: a file holding them is read as Latin-1.
_CP1252_HOLES = (b"\x81", b"\x8d", b"\x8f", b"\x90", b"\x9d")
# A UTF-8 file with a few rows pasted from a Windows-1252 (Latin-1) one: those bytes are read as
# Windows-1252 where they stand, and the UTF-8 rows stay UTF-8 (never the whole file as mojibake).
MIXED_UTF8 = "utf-8-sig+cp1252"
_FALLBACK = "aiconnect-cp1252-fallback"


def _cp1252_fallback(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    raw = exc.object[exc.start:exc.end]
    return "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in raw), exc.end


codecs.register_error(_FALLBACK, _cp1252_fallback)

NumberedRows = Callable[[], Iterator[tuple[int, list[str]]]]
# A long note must reach the validator (which names the row) rather than stop the whole file.
csv.field_size_limit(max(csv.field_size_limit(), 16 * 1024 * 1024))


class ImportFileError(KnownError):
    """The file cannot be read as a table; the message names the file and the problem."""


class Rows:
    """Re-iterable data rows, each exactly as wide as the header; every `iter()` re-reads the file."""

    def __init__(self, numbered: NumberedRows, width: int) -> None:
        self._numbered = numbered
        self.width = width

    def __iter__(self) -> Iterator[list[str]]:
        for _number, cells in self._numbered():
            yield (cells + [""] * self.width)[: self.width]

    @overload
    def __getitem__(self, index: int) -> list[str]: ...
    @overload
    def __getitem__(self, index: slice) -> list[list[str]]: ...

    def __getitem__(self, index: int | slice) -> list[str] | list[list[str]]:
        """`rows[:20]` for a preview reads only what it needs; negative positions are not supported."""
        if isinstance(index, slice):
            if (index.start or 0) < 0 or (index.stop or 0) < 0:
                raise IndexError("rows are streamed from the file; negative positions are not supported")
            return list(islice(self, index.start, index.stop, index.step))
        if index < 0:
            raise IndexError("rows are streamed from the file; negative positions are not supported")
        for row in islice(self, index, index + 1):
            return row
        raise IndexError(f"row {index} is past the end of the file")


@dataclass(frozen=True)
class Table:
    """A header and data rows as text; `rows` is a re-iterable `Rows`, `list(table.rows)` loads it all."""

    headers: list[str]
    rows: Rows
    source: str
    sheet: str | None = None
    estimated_rows: int = 0  # data rows, approximate for CSV (quoted line breaks count extra)
    encoding: str | None = None
    delimiter: str | None = None
    _numbered: NumberedRows = field(default=lambda: iter(()), repr=False, compare=False)

    def numbered(self) -> Iterator[tuple[int, list[str]]]:
        """(spreadsheet row number, cells) for every non-blank data row; cells may be wider than the header."""
        return self._numbered()

    def preview(self, count: int = 20) -> list[list[str]]:
        return list(islice(self.rows, count))


def read_table(path: str | Path, *, sheet: str | None = None) -> Table:
    """Open a CSV or XLSX file as a Table; ImportFileError says what is wrong with it."""
    path = Path(path)
    name = path.name or str(path)
    if not path.exists():
        raise ImportFileError(Text(QT_TRANSLATE_NOOP("Services", "{file}: the file does not exist"), file=str(path)))
    if path.is_dir():
        raise ImportFileError(Text(QT_TRANSLATE_NOOP("Services", "{file}: is a folder, not a file"), file=str(path)))
    suffix = path.suffix.lower()
    compressed = suffix == ".gz" and Path(path.stem).suffix.lower() in CSV_SUFFIXES
    if compressed:
        suffix = Path(path.stem).suffix.lower()
    if suffix == ".xls":
        raise ImportFileError(Text(
            QT_TRANSLATE_NOOP("Services", "{file}: old Excel .xls files cannot be read; save it as .xlsx or CSV"), file=name))
    if suffix not in CSV_SUFFIXES + XLSX_SUFFIXES:
        if suffix:
            raise ImportFileError(Text(QT_TRANSLATE_NOOP("Services",
                "{file}: cannot import {suffix} files; use CSV (.csv, .tsv, .txt, also gzipped) or Excel (.xlsx)"),
                file=name, suffix=suffix))
        raise ImportFileError(Text(QT_TRANSLATE_NOOP("Services",
            "{file}: cannot import files without an extension; use CSV (.csv, .tsv, .txt, also gzipped) or Excel (.xlsx)"),
            file=name))
    try:
        if suffix in XLSX_SUFFIXES:
            return _read_xlsx(path, sheet)
        if sheet:
            raise ImportFileError(f"{name}: --sheet only applies to Excel files, and this is a CSV file")
        return _read_csv(path, compressed)
    except PermissionError:
        raise ImportFileError(Text(QT_TRANSLATE_NOOP("Services", "{file}: cannot be read (permission denied)"),
                                   file=str(path))) from None
    except OSError as exc:
        raise ImportFileError(f"{path}: cannot be read ({exc.strerror or exc})") from None


# --- CSV ---------------------------------------------------------------------------------------


def _open_bytes(path: Path, compressed: bool) -> BinaryIO:
    return cast(BinaryIO, gzip.open(path, "rb") if compressed else path.open("rb"))


def _read_csv(path: Path, compressed: bool = False) -> Table:
    name = path.name
    try:
        with _open_bytes(path, compressed) as handle:
            head = handle.read(SAMPLE_BYTES)
    except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
        raise _broken_gzip(name, exc) from None
    if not head.strip():
        raise ImportFileError(Text(QT_TRANSLATE_NOOP("Services", "{file}: the file is empty"), file=name))
    try:
        encoding, estimated = _encoding(_open_bytes(path, compressed), head)
    except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
        raise _broken_gzip(name, exc) from None
    if encoding != "utf-16":
        _refuse_binary(name, head)
    codec, errors = ("utf-8-sig", _FALLBACK) if encoding == MIXED_UTF8 else (encoding, "strict")
    sample = head.decode(codec, errors="replace")
    if len(head) == SAMPLE_BYTES and "\n" in sample:
        sample = sample[: sample.rindex("\n")]  # a cut last line would mislead the sniffer
    delimiter = _sniff_delimiter(sample)


    def numbered() -> Iterator[tuple[int, list[str]]]:
        with io.TextIOWrapper(_open_bytes(path, compressed), encoding=codec, errors=errors, newline="") as text:
            reader = csv.reader(text, delimiter=delimiter)
            number, width = 0, 0
            try:
                for number, record in enumerate(reader, 1):
                    if "".join(record).strip():  # not a blank line, nor only delimiters
                        width = width or len(record)
                        if len(record) < width:
                            _refuse_unclosed_quote(name, number, record, width, delimiter)
                        yield number, record
            except csv.Error as exc:
                raise ImportFileError(f"{name}: row {number + 1} cannot be read ({exc})") from None
            except UnicodeDecodeError as exc:  # UTF-16 with a broken character: never a traceback
                raise ImportFileError(Text(QT_TRANSLATE_NOOP(
                    "Services", "{file}: near row {row}, the file is not valid {encoding} text ({reason})"),
                    file=name, row=number + 1, encoding=encoding, reason=exc.reason)) from None
            except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
                raise _broken_gzip(name, exc) from None

    return _table(name, numbered, estimated, encoding=encoding, delimiter=delimiter)


def _encoding(source: BinaryIO, head: bytes) -> tuple[str, int]:
    """The encoding and the number of data lines, in one pass over the bytes.

    UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252 (Latin-1 when cp1252 cannot hold it);
    a file that is UTF-8 but for a few Windows-1252 sequences is MIXED_UTF8 (each sequence read as it was written).
    """
    utf16 = head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    counter = _Utf8Counter()
    holes = False
    lines = 0
    last = b""
    with source as handle:
        while chunk := handle.read(1 << 20):
            lines += chunk.count(b"\n")
            last = chunk
            holes = holes or any(hole in chunk for hole in _CP1252_HOLES)
            if not utf16:
                counter.feed(chunk)
    if not utf16:
        counter.feed(b"", final=True)
    if last and not last.endswith(b"\n"):
        lines += 1
    estimated = max(0, lines - 1)
    if utf16:
        return "utf-16", estimated
    if not counter.invalid:
        return "utf-8-sig", estimated
    if counter.multibyte > counter.invalid:  # mostly UTF-8 text: the odd Latin-1 row is read as such
        logger.info("%d byte sequences are not UTF-8 in a UTF-8 file; reading them as Windows-1252", counter.invalid)
        return MIXED_UTF8, estimated
    return ("latin-1" if holes else "cp1252"), estimated


class _Utf8Counter:
    """Counts valid multi-byte UTF-8 characters and invalid sequences in a stream of chunks."""

    def __init__(self) -> None:
        self.invalid = 0
        self.multibyte = 0
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")

    def feed(self, chunk: bytes, final: bool = False) -> None:
        text = self._decoder.decode(chunk, final)
        if text.isascii():
            return
        self.invalid += text.count("\ufffd")
        self.multibyte += max(0, len(chunk) - len(text))  # bytes saved by multi-byte characters: evidence of UTF-8


def _refuse_unclosed_quote(name: str, number: int, record: list[str], width: int, delimiter: str) -> None:
    """A short record whose last value runs over lines that look like rows: a quote that was never closed
    swallowed them (the csv module reads on to the next quote or the end of the file without a word)."""
    lines = record[-1].splitlines()[1:]
    if any(line.count(delimiter) >= max(1, width - 1) for line in lines):
        raise ImportFileError(Text(QT_TRANSLATE_NOOP(
            "Services", "{file}: row {row} opens a quote in column {column} that is not closed where the value ends, "
                        "so the {count} lines after it were read as part of that value; close or remove the quote"),
            file=name, row=number, column=column_letter(len(record) - 1), count=len(lines)))


def _broken_gzip(name: str, exc: BaseException) -> ImportFileError:
    return ImportFileError(Text(QT_TRANSLATE_NOOP(
        "Services", "{file}: the compressed file is damaged or cut short ({reason}); compress it again"),
        file=name, reason=str(exc) or type(exc).__name__))


def _refuse_binary(name: str, head: bytes) -> None:
    for magic, reason in _BINARY_MAGIC.items():
        if head.startswith(magic):
            raise ImportFileError(f"{name}: is not a CSV file; {reason}")
    control = sum(1 for byte in head if byte < 9 or 13 < byte < 32)
    if b"\x00" in head or control > len(head) // 20:
        raise ImportFileError(Text(QT_TRANSLATE_NOOP(
            "Services", "{file}: is not a text file (it looks binary); export it as CSV or XLSX"), file=name))


def _sniff_delimiter(sample: str) -> str:
    """The candidate that splits the header into the most columns, consistently across rows."""
    best, best_score = ",", (0.0, 1)
    for delimiter in DELIMITERS:
        try:
            records = [r for r in csv.reader(sample.splitlines(), delimiter=delimiter) if any(c.strip() for c in r)]
        except csv.Error:
            continue
        if not records or len(records[0]) < 2:
            continue
        width = len(records[0])
        body = records[1:50] or records[:1]
        consistent = sum(1 for r in body if len(r) == width) / len(body)
        score = (consistent, width)
        if score > best_score:
            best, best_score = delimiter, score
    return best


# --- XLSX --------------------------------------------------------------------------------------


def _read_xlsx(path: Path, sheet: str | None) -> Table:
    name = path.name
    workbook = _open_workbook(path)
    try:
        names = list(workbook.sheetnames)
        if sheet is not None and sheet not in names:
            raise ImportFileError(f"{name}: has no sheet {sheet!r} (sheets: {', '.join(names)})")
        title = sheet if sheet is not None else names[0]
        estimated = max(0, int(workbook[title].max_row or 1) - 1)
    finally:
        workbook.close()

    def numbered() -> Iterator[tuple[int, list[str]]]:
        book = _open_workbook(path)
        try:
            worksheet = book[title]
            worksheet.reset_dimensions()  # some writers store a wrong size; read what is there
            for number, values in enumerate(worksheet.iter_rows(min_row=1, min_col=1, values_only=True), 1):
                cells = [cell_text(v) for v in values]
                if "".join(cells).strip():
                    yield number, cells
        finally:
            book.close()

    return _table(name, numbered, estimated, sheet=title)


def _open_workbook(path: Path) -> Any:
    import zipfile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        return load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, TypeError) as exc:
        raise ImportFileError(f"{path.name}: is not a readable Excel .xlsx file ({exc or type(exc).__name__})") from None


def cell_text(value: Any) -> str:
    """An Excel value as the text a person would type: 12.0 -> '12', dates in ISO form."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, datetime):
        if value.time() == time(0) and value.tzinfo is None:
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="seconds" if not value.microsecond else "auto")
    if isinstance(value, (date, time)):
        return value.isoformat()
    return str(value)


# --- shared ------------------------------------------------------------------------------------


def _table(name: str, numbered: NumberedRows, estimated: int, **extra: Any) -> Table:
    rows = numbered()
    first = next(rows, None)
    if first is None:
        raise ImportFileError(Text(QT_TRANSLATE_NOOP("Services", "{file}: the file is empty"), file=name))
    header_row, raw_headers = first
    if extra.get("delimiter") is not None:  # CSV: an exported header carries the formula guard
        raw_headers = [unguard_cell(h) for h in raw_headers]
    headers = _headers(name, raw_headers)
    if next(rows, None) is None:
        raise ImportFileError(Text(QT_TRANSLATE_NOOP("Services", "{file}: has a header row but no data rows"), file=name))
    close = getattr(rows, "close", None)
    if close is not None:
        close()

    def data() -> Iterator[tuple[int, list[str]]]:
        body = numbered()
        next(body, None)  # the header
        yield from body

    logger.debug("reading %s: header on row %d, %d columns", name, header_row, len(headers))
    return Table(headers=headers, rows=Rows(data, len(headers)), source=name, estimated_rows=estimated,
                 _numbered=data, **extra)


HEADER_LIMIT = 200  # a column name longer than this is data, or a header row that is not one


def _headers(name: str, raw: Iterable[str]) -> list[str]:
    headers = [h.replace("\ufeff", "").strip() for h in raw]
    for i, header in enumerate(headers):
        if len(header) > HEADER_LIMIT or CONTROL_CHARACTER.search(header):
            raise ImportFileError(Text(QT_TRANSLATE_NOOP(
                "Services", "{file}: the name of column {column} is not a column name (longer than {n} characters, "
                            "or with control characters); the first row must name the columns"),
                file=name, column=column_letter(i), n=HEADER_LIMIT))
    while headers and not headers[-1]:
        headers.pop()  # trailing delimiters: empty columns without a name
    headers = [h or f"(column {column_letter(i)})" for i, h in enumerate(headers)]
    seen: dict[str, int] = {}
    for i, header in enumerate(headers):
        if header in seen:
            raise ImportFileError(Text(QT_TRANSLATE_NOOP(
                "Services", "{file}: the column {column} appears twice (columns {first} and {second}); rename one of them"),
                file=name, column=repr(header), first=column_letter(seen[header]), second=column_letter(i)))
        seen[header] = i
    if not headers:
        raise ImportFileError(Text(QT_TRANSLATE_NOOP("Services", "{file}: the first row has no column names"), file=name))
    return headers


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA: how a spreadsheet names a column."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


# --- record fields and the words people write for them -------------------------------------

KINDS = ("leads", "interactions", "purchases")
CUSTOM = "custom."
# Cell values that mean "nothing here" (web-form placeholders, spreadsheet errors); compared case-insensitively.
EMPTY_VALUES = ("Select", "Selecione", "-- Select --", "unknown", "desconhecido", "Unspecified", "não informado",
                "N/A", "#N/A", "null", "-")

# What a column can map to, per kind, in the order the mapping editor offers them.
LEAD_TARGETS = (
    "name", "first_name", "last_name", "company", "job_title", "email", "phone", "kind", "stage", "source",
    "owner", "tags", "address", "city", "state", "postal_code", "country", "lat", "lng", "timezone",
    "sms_consent", "sms_consent_source", "sms_opt_out", "value", "external_id", "score", "segment",
    "created_at", "updated_at",
)
INTERACTION_TARGETS = ("lead_id", "lead_email", "lead_phone", "kind", "occurred_at", "duration_s", "outcome", "notes", "author")
PURCHASE_TARGETS = ("customer", "item", "description", "quantity", "unit_price", "time", "invoice")
TARGETS = {"leads": LEAD_TARGETS, "interactions": INTERACTION_TARGETS, "purchases": PURCHASE_TARGETS}

# Header spellings (folded: lower-case, no accents, letters and digits only) per target.
ALIASES: dict[str, dict[str, tuple[str, ...]]] = {
    "leads": {
        "name": ("nome", "fullname", "nomecompleto", "contato", "contact", "contactname", "nomedocontato",
                 "leadname", "nomedolead", "cliente", "customername"),
        "first_name": ("firstname", "primeironome", "prenome", "givenname"),
        "last_name": ("lastname", "sobrenome", "surname", "familyname", "ultimonome"),
        "company": ("empresa", "company", "companyname", "organizacao", "organization", "organisation",
                    "razaosocial", "nomefantasia", "account", "accountname"),
        "job_title": ("cargo", "jobtitle", "title", "funcao"),
        "email": ("email", "emailaddress", "enderecodeemail", "correioeletronico", "mail"),
        "phone": ("telefone", "celular", "whatsapp", "phone", "mobile", "phonenumber", "mobilephone", "fone",
                  "tel", "cel", "telefonecelular", "numerodetelefone"),
        "stage": ("etapa", "estagio", "fase", "stage", "leadstage", "pipelinestage", "etapadofunil"),
        "source": ("origem", "fonte", "leadsource", "source", "origemdolead", "canaldeorigem"),
        "owner": ("responsavel", "dono", "owner", "leadowner", "proprietario", "vendedor", "salesrep"),
        "tags": ("etiquetas", "etiqueta", "tags", "tag", "marcadores"),
        "address": ("endereco", "address", "logradouro", "rua", "street", "streetaddress"),
        "city": ("cidade", "city", "municipio", "town"),
        "state": ("estado", "uf", "state", "province", "provincia"),
        "postal_code": ("cep", "postalcode", "zip", "zipcode", "codigopostal", "postcode"),
        "country": ("pais", "country", "countrycode"),
        "lat": ("lat", "latitude"),
        "lng": ("lng", "lon", "long", "longitude"),
        "timezone": ("timezone", "fusohorario", "fuso", "tz"),
        "sms_consent": ("smsconsent", "consentimentosms", "consentimentodesms", "aceitasms", "smsoptin", "optinsms"),
        "sms_consent_source": ("smsconsentsource", "origemdoconsentimento"),
        "sms_opt_out": ("smsoptout", "optoutsms", "descadastradosms"),
        "value": ("valor", "value", "dealvalue", "valorestimado", "valordonegocio"),
        "external_id": ("idexterno", "externalid", "prospectid", "codigoexterno", "crmid"),
        "score": ("score", "pontuacao", "leadscore"),
        "segment": ("segment", "segmento"),
        "created_at": ("createdat", "criadoem", "datadecriacao", "createddate", "createdon"),
        "updated_at": ("updatedat", "atualizadoem", "modifiedat", "lastmodified"),
    },
    "interactions": {
        "lead_id": ("leadid", "idlead", "iddolead"),
        "lead_email": ("leademail", "email", "emaildolead", "emaildocontato", "emaildocliente"),
        "lead_phone": ("leadphone", "phone", "telefone", "celular", "whatsapp", "telefonedolead", "telefonedocontato"),
        "kind": ("kind", "tipo", "type", "tipodeinteracao", "activitytype", "atividade"),
        "occurred_at": ("occurredat", "data", "quando", "date", "datetime", "datahora", "dataehora", "when",
                        "timestamp", "occurred", "dataehorario"),
        "duration_s": ("durations", "duration", "duracao", "duracaos", "duracaosegundos", "durationseconds",
                       "durationsec", "segundos"),
        "outcome": ("outcome", "resultado", "result", "desfecho"),
        "notes": ("notes", "notas", "observacoes", "observacao", "obs", "note", "nota", "comentarios",
                  "comments", "descricao", "description", "anotacoes"),
        "author": ("author", "autor", "user", "usuario", "username", "vendedor", "responsavel"),
    },
    "purchases": {
        "customer": ("customer", "cliente", "customerid", "idcliente", "iddocliente", "comprador"),
        "item": ("item", "produto", "product", "sku", "stockcode", "codigodoproduto", "productcode", "codigo"),
        "description": ("description", "descricao", "productname", "nomedoproduto"),
        "quantity": ("quantity", "quantidade", "qtd", "qtde", "qty"),
        "unit_price": ("unitprice", "precounitario", "preco", "price", "valorunitario"),
        "time": ("time", "data", "date", "datetime", "invoicedate", "datadacompra", "purchasedate", "quando",
                 "datahora"),
        "invoice": ("invoice", "invoiceno", "notafiscal", "nf", "pedido", "order", "orderid", "numerodopedido",
                    "fatura"),
    },
}

# The columns of AIConnect's own lead export (PRODUCT.md's record fields): a file with all of them
# came from us, and its columns that are no lead field are custom fields. exporting.py writes them.
LEAD_EXPORT_COLUMNS = (
    "id", "name", "company", "email", "phone", "stage", "source", "owner", "tags", "address", "city", "state",
    "postal_code", "country", "lat", "lng", "timezone", "sms_consent", "sms_opt_out", "score", "segment",
    "created_at", "updated_at",
)
# Lead fields the record list leaves out; exported after the custom fields so a round trip loses nothing.
LEAD_EXPORT_EXTRA = ("external_id", "job_title", "kind", "value")

KIND_ALIASES = {
    "ligacao": "call", "chamada": "call", "telefonema": "call", "phonecall": "call", "telefone": "call",
    "reuniao": "meeting", "encontro": "meeting", "visita": "visit", "nota": "note", "anotacao": "note",
    "observacao": "note", "smsenviado": "sms_out", "smsrecebido": "sms_in", "mensagemenviada": "sms_out",
    "mensagemrecebida": "sms_in",
}
STAGE_ALIASES = {
    "novo": "new", "contatado": "contacted", "contactado": "contacted", "emcontato": "contacted",
    "qualificado": "qualified", "proposta": "proposal", "negociacao": "negotiation", "ganho": "won",
    "fechado": "won", "vendido": "won", "perdido": "lost",
}
LEAD_KIND_ALIASES = {"cliente": "customer", "prospect": "lead", "prospecto": "lead"}
COUNTRY_ALIASES = {
    "usa": "US", "eua": "US", "unitedstatesofamerica": "US", "estadosunidosdaamerica": "US", "uk": "GB",
    "england": "GB", "inglaterra": "GB", "greatbritain": "GB", "granbretanha": "GB", "russianfederation": "RU",
    "korea": "KR", "coreiadosul": "KR", "holland": "NL", "holanda": "NL", "uae": "AE", "eire": "IE",
    "rsa": "ZA", "scotland": "GB", "wales": "GB", "escocia": "GB",
}


class MappingError(KnownError):
    """The column mapping cannot work: an unknown field, a missing column, a required field unmapped."""


# --- mapping -----------------------------------------------------------------------------------


def word_key(text: str) -> str:
    """How headers and words are compared: 'E-mail ' / 'Endereço' -> 'email' / 'endereco'."""
    return re.sub(r"[^a-z0-9]+", "", fold(text))


@functools.cache
def _alias_index(kind: str) -> dict[str, str]:
    index = {word_key(target): target for target in TARGETS[kind]}
    for target, spellings in ALIASES[kind].items():
        for spelling in spellings:
            index.setdefault(spelling, target)
    return index


def check_kind(kind: str) -> None:
    if kind not in KINDS:
        raise MappingError(f"cannot import {kind!r}; choose one of {', '.join(KINDS)}")


def target_fields(kind: str) -> list[str]:
    """Fields a column can map to; leads also take `custom.<name>` (a custom field)."""
    check_kind(kind)
    return list(TARGETS[kind])


def detect_mapping(kind: str, headers: list[str]) -> dict[str, str]:
    """Source header -> target field, from Portuguese or English header names; each field once, first column wins."""
    check_kind(kind)
    index = _alias_index(kind)
    mapping: dict[str, str] = {}
    used: set[str] = set()
    for header in headers:
        target = index.get(word_key(header))
        if target is None and kind == "leads" and header.lower().startswith(CUSTOM) and header[len(CUSTOM):].strip():
            target = CUSTOM + header[len(CUSTOM):].strip()
        if target is not None and target not in used:
            mapping[header] = target
            used.add(target)
    if kind == "leads" and set(LEAD_EXPORT_COLUMNS) <= set(headers):
        for header in headers:  # our own export: the other columns are custom fields
            if header not in mapping and header != "id":
                mapping[header] = CUSTOM + header
    return mapping


def resolve_mapping(kind: str, headers: list[str], mapping: dict[str, str] | None, *,
                    duplicates: str = "skip", source: str = "the file") -> dict[str, str]:
    """The checked mapping to use: `mapping` as given, or detected when None; MappingError says what is wrong."""
    check_kind(kind)
    if mapping is None:
        mapping = detect_mapping(kind, headers)
    clean: dict[str, str] = {}
    by_target: dict[str, str] = {}
    for column, raw_target in mapping.items():
        if column not in headers:
            raise MappingError(f"{source}: has no column {column!r} (columns: {_listing(headers)})")
        target = _target(kind, raw_target)
        if target in by_target:
            raise MappingError(f"{source}: columns {by_target[target]!r} and {column!r} both map to {target}; keep one")
        by_target[target] = column
        clean[column] = target
    _require(kind, set(clean.values()), duplicates, headers, source)
    return clean


def _target(kind: str, raw: str) -> str:
    text = raw.strip()
    if kind == "leads" and text.lower().startswith(CUSTOM):
        name = text[len(CUSTOM):].strip()
        if not name or len(name) > 80:
            raise MappingError(f"{raw!r} needs a custom field name of 1 to 80 characters after 'custom.'")
        return CUSTOM + name
    if text.lower() in TARGETS[kind]:
        return text.lower()
    hint = " or custom.<name>" if kind == "leads" else ""
    raise MappingError(f"unknown {kind} field {raw!r} (fields: {', '.join(TARGETS[kind])}{hint})")


def _require(kind: str, targets: set[str], duplicates: str, headers: list[str], source: str) -> None:
    lead_keys = ("name", "first_name", "last_name") + (("email", "phone", "external_id") if duplicates == "update" else ())
    needed: dict[str, list[tuple[str, ...]]] = {
        "leads": [lead_keys],
        "interactions": [("lead_id", "lead_email", "lead_phone"), ("kind",), ("occurred_at",)],
        "purchases": [("customer",), ("item",), ("time",)],
    }
    for choices in needed[kind]:
        if not targets & set(choices):
            fields = " or ".join(choices)
            raise MappingError(
                f"{source}: no column maps to {fields}; map one with --map 'COLUMN={choices[0]}' "
                f"(columns: {_listing(headers)})"
            )


def _listing(items: list[str], limit: int = 12) -> str:
    shown = ", ".join(items[:limit])
    return shown + (f" and {len(items) - limit} more" if len(items) > limit else "")


@functools.cache
def _country_names() -> dict[str, str]:
    names: dict[str, str] = {}
    for code, languages in _locale_data().items():
        if len(code) != 2 or not code.isalpha():
            continue
        for language in ("aa", "en", "pt"):
            name = languages.get(language, "")
            while name.startswith("*"):
                name = languages.get(name[1:], "")
            if name:
                names.setdefault(word_key(name), code)
    names.update(COUNTRY_ALIASES)
    return names


def _locale_data() -> dict[str, dict[str, str]]:
    """Country names by language from phonenumbers, read alone: its package would load 100 MB of geodata."""
    import importlib.util

    import phonenumbers

    path = Path(phonenumbers.__file__).parent / "geodata" / "locale.py"
    spec = importlib.util.spec_from_file_location("phonenumbers.geodata.locale", path)
    if spec is not None and spec.loader is not None and path.exists():
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return dict(module.LOCALE_DATA)
    try:  # a frozen build without the source file
        from phonenumbers.geodata.locale import LOCALE_DATA
    except ImportError:
        logger.warning("country names are unavailable; only two-letter country codes will import")
        return {}
    return dict(LOCALE_DATA)


def country_code(text: str) -> str:
    """'India' / 'Índia' / 'Estados Unidos' / 'UK' -> 'IN' / 'IN' / 'US' / 'GB'; anything else unchanged for the validator."""
    return _country_names().get(word_key(text), text)
