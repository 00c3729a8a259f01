"""Detection before typing: encoding, the bounded sample, the dialect, and the table's place."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from dino_desktop.core import textsample
from dino_desktop.core.dialect import Dialect, parse_lines, sniff
from dino_desktop.core.encoding import detect_encoding, normalize
from dino_desktop.core.infer import Locale
from dino_desktop.core.inspect import inspect_file
from dino_desktop.core.models import DinoError, Severity
from dino_desktop.core.structure import Structure, find_structure, modal_width, ragged_problems
from dino_desktop.core.textsample import HEAD_BYTES, read_sample, split_lines

PT_TEXT = "Código;Descrição;Preço;Observação\n" + "".join(
    f"{i};Pão de queijo nº {i};{i},50;Não há ação\n" for i in range(50))


# ---------------------------------------------------------------- encoding


@pytest.mark.parametrize(("data", "encoding", "bom"), [
    (codecs.BOM_UTF8 + "Preço;ação\n".encode(), "utf-8-sig", 3),
    (codecs.BOM_UTF16_LE + "Preço;ação\n".encode("utf-16-le"), "utf-16", 0),
    (codecs.BOM_UTF16_BE + "Preço;ação\n".encode("utf-16-be"), "utf-16", 0),
    (codecs.BOM_UTF32_LE + "Preço;ação\n".encode("utf-32-le"), "utf-32", 0),
    (codecs.BOM_UTF32_BE + "Preço;ação\n".encode("utf-32-be"), "utf-32", 0),
])
def test_boms(data: bytes, encoding: str, bom: int) -> None:
    guess = detect_encoding(data, complete=True)
    assert (guess.encoding, guess.confidence, guess.bom) == (encoding, 1.0, bom)
    assert data[guess.bom:].decode(encoding).lstrip("\ufeff") == "Preço;ação\n"


def test_utf8_with_accents() -> None:
    guess = detect_encoding(PT_TEXT.encode("utf-8"), complete=True)
    assert (guess.encoding, guess.confidence) == ("utf-8", 1.0)


def test_ascii_is_utf8_less_sure() -> None:
    guess = detect_encoding(b"a;b\n1;2\n", complete=True)
    assert guess.encoding == "utf-8" and guess.confidence == 0.9
    assert detect_encoding(b"", complete=True).encoding == "utf-8"


def test_cp1252_with_euro_and_curly_quotes() -> None:
    text = "Descrição;Preço\n“Pão” – especial;€ 1,50\nAção;€ 2,00\n"
    data = text.encode("cp1252")
    assert b"\x80" in data and b"\x93" in data and b"\x96" in data
    guess = detect_encoding(data, complete=True)
    assert guess.encoding == "cp1252"
    assert guess.confidence >= 0.8
    assert data.decode(guess.encoding) == text


def test_cp1252_plain_portuguese() -> None:
    guess = detect_encoding(PT_TEXT.encode("cp1252"), complete=True)
    assert guess.encoding == "cp1252"


def test_latin1_when_bytes_undefined_in_cp1252() -> None:
    data = PT_TEXT.encode("latin-1") + b"\x81\n"
    guess = detect_encoding(data, complete=True)
    assert guess.encoding == "latin-1"
    assert data.decode(guess.encoding).startswith("Código;Descrição")


@pytest.mark.parametrize("byte", [b"\x8d", b"\x8f", b"\x9d"])
def test_latin1_when_other_undefined_bytes_appear(byte: bytes) -> None:
    data = PT_TEXT.encode("latin-1") + byte + b"\n"
    guess = detect_encoding(data, complete=True)
    assert data.decode(guess.encoding).startswith("Código;Descrição")


@pytest.mark.parametrize(("codec", "name"), [("utf-16-le", "utf-16-le"),
                                             ("utf-16-be", "utf-16-be")])
def test_utf16_without_bom(codec: str, name: str) -> None:
    guess = detect_encoding(PT_TEXT.encode(codec), complete=True)
    assert guess.encoding == name and guess.bom == 0
    assert guess.confidence < 1.0


@pytest.mark.parametrize(("data", "reason"), [
    (b"\x89PNG\r\n\x1a\n\x00\x00", "PNG"),
    (b"%PDF-1.7\n%\xe2\xe3", "PDF"),
    (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG"),
    (b"GIF89a\x01\x00", "GIF"),
    (b"\x1f\x8b\x08\x00", "gzip"),
    (b"PK\x03\x04\x14\x00", "zip"),
    (b"MZ\x90\x00", "Windows program"),
    (b"\x7fELF\x02\x01", "program"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "Office"),
    (b"7z\xbc\xaf\x27\x1c", "7-zip"),
    (b"Rar!\x1a\x07", "RAR"),
    (b"SQLite format 3\x00", "SQLite"),
    (b"a;b\x00c;d\x00\x00\x01\xff", "NUL"),
    (b"a;b\n\x01\x02\x03\x04\x05\x06\x07\x08", "control"),
])
def test_binary_files(data: bytes, reason: str) -> None:
    with pytest.raises(DinoError) as info:
        detect_encoding(data, complete=True)
    p = info.value.problem
    assert (p.code, p.severity, p.fix) == ("file_binary", Severity.ERROR, "choose_other_file")
    assert reason in p.params["reason"]


def test_utf8_char_cut_at_the_sample_end_is_still_utf8() -> None:
    data = "ação;".encode() * 100
    head = data[: len(data) - 3]  # ends on the first byte of the last "ã"
    assert head[-1] == 0xC3
    with pytest.raises(UnicodeDecodeError):
        head.decode("utf-8")
    guess = detect_encoding(head, complete=False)
    assert (guess.encoding, guess.confidence) == ("utf-8", 1.0)


def test_tail_starting_inside_a_utf8_char_is_still_utf8() -> None:
    tail = "xção;abc\n".encode()[2:]  # starts on the continuation byte of "ç"
    assert detect_encoding(b"abc;def\n", tail, complete=False).encoding == "utf-8"


def test_invalid_utf8_in_the_tail_is_not_utf8() -> None:
    tail = "Pão;1\n".encode("cp1252")
    assert detect_encoding(b"abc;def\n", tail, complete=False).encoding != "utf-8"


@pytest.mark.parametrize(("name", "norm"), [("UTF8", "utf-8"), ("latin1", "latin-1"),
                                            ("windows-1252", "cp1252"), ("utf_8_sig",
                                                                         "utf-8-sig")])
def test_normalize(name: str, norm: str) -> None:
    assert normalize(name) == norm


def test_normalize_unknown() -> None:
    with pytest.raises(DinoError) as info:
        normalize("klingon-8")
    assert info.value.problem.code == "override_invalid"


# ---------------------------------------------------------------- the bounded text sample


def _big_text(rows: int = 60_000) -> str:
    return "Código;Descrição;Preço\n" + "".join(
        f"{i};Pão de queijo ção {i};{i},50\n" for i in range(rows))


@pytest.mark.parametrize(("encoding", "codec"), [
    ("utf-8", "utf-8"), ("cp1252", "cp1252"), ("utf-8-sig", "utf-8"), ("utf-16", "utf-16-le"),
])
def test_sample_of_a_big_file(tmp_path: Path, encoding: str, codec: str) -> None:
    text = _big_text()
    data = text.encode(encoding)
    assert len(data) > HEAD_BYTES + textsample.TAIL_BYTES
    path = tmp_path / "big.csv"
    path.write_bytes(data)
    s = read_sample(path)
    assert not s.complete and s.size == len(data)
    assert normalize(s.encoding.encoding) == normalize(encoding)
    # head: whole lines from the very start, BOM removed
    assert s.head.endswith("\n") and text.startswith(s.head)
    assert len(s.head.encode(codec)) <= HEAD_BYTES
    # tail: whole lines from tail_offset to the end of the file
    assert s.tail and text.endswith(s.tail)
    assert data[s.tail_offset:].decode(codec) == s.tail
    assert data[: s.tail_offset].decode(encoding).endswith("\n")
    assert len(data) - s.tail_offset <= textsample.TAIL_BYTES
    assert s.line_ending == "\n"
    assert s.head_bytes == data[:HEAD_BYTES]


def test_sample_cut_inside_a_utf8_char(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = ("ção;ação\n" * 50).encode()
    cut = 4 * 12 + 1  # one byte into "ç"
    assert data[cut - 1] == 0xC3
    monkeypatch.setattr(textsample, "HEAD_BYTES", cut)
    monkeypatch.setattr(textsample, "TAIL_BYTES", 40)
    path = tmp_path / "cut.csv"
    path.write_bytes(data)
    s = read_sample(path)
    assert s.encoding.encoding == "utf-8"
    assert s.head == "ção;ação\n" * 3
    assert s.tail == "ção;ação\n" * (len(s.tail) // 9) and s.tail
    assert data[s.tail_offset:].decode() == s.tail


def test_small_file_is_complete(tmp_path: Path) -> None:
    path = tmp_path / "small.csv"
    path.write_bytes(codecs.BOM_UTF8 + b"a;b\r\n1;2\r\n")
    s = read_sample(path)
    assert s.complete and s.tail == "" and s.tail_offset == s.size
    assert s.head == "a;b\r\n1;2\r\n"  # BOM removed
    assert s.encoding.bom == 3
    assert s.line_ending == "\r\n"


@pytest.mark.parametrize(("text", "ending"), [("a\nb\n", "\n"), ("a\r\nb\r\n", "\r\n"),
                                              ("a\rb\r", "\r"), ("ab", "\n")])
def test_line_ending(tmp_path: Path, text: str, ending: str) -> None:
    path = tmp_path / "e.csv"
    path.write_bytes(text.encode())
    assert read_sample(path).line_ending == ending


def test_sample_of_a_big_cr_only_file(tmp_path: Path) -> None:
    text = _big_text().replace("\n", "\r") + "Total;;123,00\r"
    path = tmp_path / "cr.csv"
    path.write_bytes(text.encode("cp1252"))
    s = read_sample(path)
    assert s.tail.endswith("Total;;123,00\r")
    assert inspect_file(path).setting("skip_bottom") == 1


def test_encoding_override(tmp_path: Path) -> None:
    path = tmp_path / "o.csv"
    path.write_bytes("Preço;1\n".encode("cp1252"))
    s = read_sample(path, "latin1")
    assert (s.encoding.encoding, s.encoding.confidence) == ("latin-1", 1.0)
    assert s.head == "Preço;1\n"


def test_wrong_encoding_override_is_a_problem(tmp_path: Path) -> None:
    path = tmp_path / "o.csv"
    path.write_bytes("Preço;1\n".encode("cp1252"))
    with pytest.raises(DinoError) as info:
        read_sample(path, "utf-8")
    assert info.value.problem.code == "encoding_invalid"


@pytest.mark.parametrize(("text", "lines"), [
    ("", []),
    ("a", ["a"]),
    ("a\nb\n", ["a", "b"]),
    ("a\r\nb", ["a", "b"]),
    ("a\rb\r", ["a", "b"]),
    ("a\n\nb\n\n", ["a", "", "b", ""]),
    ("a\u2028b\x0cc\n", ["a\u2028b\x0cc"]),  # only CR/LF end a line
])
def test_split_lines(text: str, lines: list[str]) -> None:
    assert split_lines(text) == lines


# ---------------------------------------------------------------- dialect


def _sniff(text: str, **kw: str) -> tuple[Dialect, list[list[str]]]:
    lines = split_lines(text)
    d = sniff(lines, **kw)
    return d, [r.cells for r in parse_lines(lines, d)]


@pytest.mark.parametrize(("text", "delim"), [
    ("a;b;c\n1;2;3\n4;5;6\n", ";"),
    ("a,b,c\n1,2,3\n4,5,6\n", ","),
    ("a\tb\tc\n1\t2\t3\n", "\t"),
    ("a|b|c\n1|2|3\n", "|"),
])
def test_delimiters(text: str, delim: str) -> None:
    d, rows = _sniff(text)
    assert (d.delimiter, d.quote, d.escape, d.confidence) == (delim, '"', '"', 1.0)
    assert rows[1] == ["1", "2", "3"]


def test_quoted_fields_with_the_delimiter_inside() -> None:
    d, rows = _sniff('"a";"b"\n"x;y";"2"\n"z";"3 ""q"""\n')
    assert d.delimiter == ";"
    assert rows == [["a", "b"], ["x;y", "2"], ["z", '3 "q"']]


def test_decimal_commas_in_a_semicolon_file() -> None:
    d, rows = _sniff("Nome;Valor;Qtd\nAna;1,50;2\nBia;2,75;3\nCid;10,00;1\n")
    assert d.delimiter == ";"
    assert rows[1] == ["Ana", "1,50", "2"]


def test_decimal_commas_in_every_column() -> None:
    d, _ = _sniff("A;B\n1,50;2,50\n3,50;4,50\n5,50;6,50\n")
    assert d.delimiter == ";"  # ',' also splits evenly: ';' wins the tie


def test_decimal_commas_in_every_column_many_rows() -> None:
    """Coordinates: every cell has one decimal comma, so ',' splits every row evenly too."""
    text = "Latitude;Longitude\n" + "".join(
        f"-23,{5500 + i};-46,{6300 + i}\n" for i in range(12))
    d, rows = _sniff(text)
    assert d.delimiter == ";"
    assert rows[1] == ["-23,5500", "-46,6300"]


def test_comma_file_with_semicolons_inside_quotes() -> None:
    d, rows = _sniff('nome,obs,valor\nAna,"a; b; c",1\nBia,"d; e",2\nCid,"f;g;h;i",3\n')
    assert d.delimiter == ","
    assert rows[3] == ["Cid", "f;g;h;i", "3"]


def test_backslash_escapes() -> None:
    d, rows = _sniff('nome;obs\nAna;"disse \\"oi\\""\nBia;"x \\"y\\""\nCid;"\\"z\\""\n')
    assert (d.delimiter, d.quote, d.escape) == (";", '"', "\\")
    assert rows[1] == ["Ana", 'disse "oi"']


def test_single_quotes() -> None:
    d, rows = _sniff("a;b\n'x';'y'\n'z';'w'\n'q';'r'\n'a';'b'\n")
    assert d.quote == "'"
    assert rows[1] == ["x", "y"]


def test_single_column_file() -> None:
    d, rows = _sniff("Nome\nAna\nBia\nCid\n")
    assert d.confidence < 0.7  # nothing to be sure of
    assert rows == [["Nome"], ["Ana"], ["Bia"], ["Cid"]]


def test_single_column_of_decimal_commas(tmp_path: Path) -> None:
    text = "Valor\n1,50\n2,75\n3,00\n4,25\n"
    d, _ = _sniff(text)
    assert d.delimiter != ","
    path = tmp_path / "valores.csv"
    path.write_text(text, encoding="utf-8")
    assert [c.source_name for c in inspect_file(path).columns] == ["Valor"]


def test_title_lines_do_not_fool_the_sniffer() -> None:
    d, _ = _sniff("Relatório de vendas, janeiro\n\nA;B;C\n" + "1;2;3\n" * 10)
    assert d.delimiter == ";"


def test_delimiter_override() -> None:
    d, rows = _sniff("a,b;c\n1,2;3\n", delimiter=";")
    assert (d.delimiter, d.confidence) == (";", 1.0)
    assert rows[1] == ["1,2", "3"]


def test_parse_lines_numbers_rows_that_span_lines() -> None:
    rows = parse_lines(["a;b", '1;"x', 'y"', "2;z"], Dialect(";"))
    assert [(r.line, r.cells) for r in rows] == [(1, ["a", "b"]), (2, ["1", "x\ny"]),
                                                 (4, ["2", "z"])]


def test_parse_lines_sample_ending_inside_quotes() -> None:
    rows = parse_lines(["a;b", '1;"never closed'], Dialect(";"))
    assert rows[0].cells == ["a", "b"]


# ---------------------------------------------------------------- structure


def _structure(text: str, **kw: int | None) -> tuple[Structure, list[list[str]]]:
    rows = parse_lines(split_lines(text), Dialect(";"))
    return find_structure(rows, None, Locale(), **kw), [r.cells for r in rows]  # type: ignore[arg-type]


def test_title_lines_and_blank_line_above_the_header() -> None:
    st, rows = _structure("Relatório de vendas\nPeríodo: 01/2024\n\nData;Produto;Valor\n"
                          "01/02/2024;Pão;1,50\n02/02/2024;Leite;2,50\n")
    assert (st.width, st.header, st.skip_top, st.skip_bottom) == (3, True, 3, 0)
    assert st.header_index is not None and rows[st.header_index] == ["Data", "Produto", "Valor"]
    assert rows[st.first_data_index][0] == "01/02/2024"


@pytest.mark.parametrize("title", ["Relatório;;;;", "Relatório;;;;;;;", ";;;;\nRelatório;;;;"])
def test_padded_title(title: str) -> None:
    st, _ = _structure(f"{title}\n;;;;\nA;B;C;D;E\n1;x;3;4;5\n2;y;3;4;5\n")
    assert st.header and st.skip_top == len(split_lines(title)) + 1


@pytest.mark.parametrize("title", ["Relatório de vendas;", "Relatório de vendas;;;;"])
def test_padded_title_above_two_columns(tmp_path: Path, title: str) -> None:
    """Excel pads a title to the table's width: 'Relatório;' above two columns."""
    text = f"{title}\n\nData;Valor\n31/01/2024;1,50\n01/02/2024;2,50\n"
    st, _ = _structure(text)
    assert st.skip_top == 2
    path = tmp_path / "r.csv"
    path.write_text(text, encoding="utf-8")
    insp = inspect_file(path)
    assert [(c.source_name, c.type_name) for c in insp.columns] == [
        ("Data", "date"), ("Valor", "decimal(18,2)")]


def test_single_column_file_structure(tmp_path: Path) -> None:
    st, _ = _structure("Nome\nAna\nBia\nCid\n")
    assert (st.width, st.header, st.skip_top, st.first_data_index) == (1, True, 0, 1)
    path = tmp_path / "nomes.csv"
    path.write_text("Nome\nAna\nBia\nCid\n", encoding="utf-8")
    insp = inspect_file(path)
    assert [c.source_name for c in insp.columns] == ["Nome"]
    assert insp.preview == [["Ana"], ["Bia"], ["Cid"]]


def test_unpadded_title_above_two_columns() -> None:
    st, _ = _structure("Relatório de vendas\n\nData;Valor\n31/01/2024;1,50\n01/02/2024;2,50\n")
    assert (st.header, st.skip_top) == (True, 2)


def test_header_over_typed_data() -> None:
    st, _ = _structure("Código;Valor;Ativo\n1;2,50;Sim\n2;3,50;Não\n")
    assert st.header and st.header_confidence >= 0.9


def test_no_header_when_the_first_row_fits_the_types() -> None:
    st, _ = _structure("1;2,5;x\n3;4,5;y\n5;6,5;z\n")
    assert (st.header, st.header_index, st.first_data_index, st.skip_top) == (False, None, 0, 0)


def test_text_only_header_and_data() -> None:
    assert _structure("Nome;Cidade\nAna;Recife\nBia;Natal\n")[0].header
    # a first row that repeats below is data
    assert not _structure("Ana;Recife\nBia;Natal\nAna;Natal\n")[0].header


def test_header_with_an_empty_cell() -> None:
    st, _ = _structure("Nome;;Cidade\nAna;x;Recife\nBia;y;Natal\n")
    assert st.header


@pytest.mark.parametrize(("footer", "lines"), [
    ("Total;;4,00", 1),
    ("TOTAL GERAL;;4,00", 1),
    ("Totais;;4,00", 1),
    ("Subtotal;;4,00", 1),
    ("Gerado em 03/02/2024 10:00", 1),
    ("Total;;4,00\n\nGerado em 03/02/2024 10:00", 3),
    ("Fonte: sistema ERP", 1),
    ("Obs.: valores em reais", 1),
    ("Quantidade de registros: 2", 1),
    ("* valores aproximados", 1),
    ("", 1),
    ("\n\n", 3),
    ("Total;;4,00\n\n\n", 4),
])
def test_footer(footer: str, lines: int) -> None:
    body = "Data;Produto;Valor\n01/02/2024;Pão;1,50\n02/02/2024;Leite;2,50\n"
    st, rows = _structure(body + footer + "\n")
    assert (st.footer_rows, st.skip_bottom) == (lines, lines)
    assert rows[len(rows) - st.footer_rows - 1][1] == "Leite"


def test_total_geral_in_a_text_column() -> None:
    st, _ = _structure("Vendedor;Região;Valor\nAna;Sul;1,50\nBia;Norte;2,50\n"
                       "TOTAL GERAL;;4,00\n")
    assert st.skip_bottom == 1


def test_no_footer() -> None:
    st, _ = _structure("A;B;C\n1;2;3\n4;5;6\n")
    assert (st.footer_rows, st.skip_bottom) == (0, 0)


def test_last_data_row_starting_with_a_footer_word(tmp_path: Path) -> None:
    path = tmp_path / "produtos.csv"
    path.write_text("Produto;Qtd;Valor\nGabinete;1;300,00\nFonte ATX 500W;2;150,00\n",
                    encoding="utf-8")
    insp = inspect_file(path)
    assert insp.setting("skip_bottom") == 0
    assert len(insp.preview) == 2


def test_footer_in_the_tail() -> None:
    head = parse_lines(["A;B;C", "1;2;3", "4;5;6"], Dialect(";"))
    tail = parse_lines(["7;8;9", "10;11;12", "Total;;33", ""], Dialect(";"))
    st = find_structure(head, tail, Locale(), last_line=4)
    assert (st.footer_rows, st.skip_bottom) == (2, 2)


def test_overrides() -> None:
    st, _ = _structure("x;y\nA;B;C\n1;2;3\n4;5;6\n", header_line=2)
    assert (st.header, st.skip_top, st.header_confidence) == (True, 1, 1.0)
    st, _ = _structure("A;B;C\n1;2;3\n4;5;6\n", header_line=0)
    assert (st.header, st.first_data_index) == (False, 0)
    st, _ = _structure("A;B;C\n1;2;3\n4;5;6\nTotal;;9\n", skip_bottom=0)
    assert st.skip_bottom == 0


def test_only_blank_rows() -> None:
    st, _ = _structure("\n;;\n\n")
    assert (st.width, st.header, st.first_data_index) == (0, False, 3)


def test_ragged_rows() -> None:
    rows = parse_lines(split_lines("A;B;C\n1;2;3\n4;5\n6;7;8;9\n\n1;2;3\n"), Dialect(";"))
    assert modal_width(rows) == 3
    st = find_structure(rows, None, Locale())
    assert st.header and st.width == 3
    problems = ragged_problems(rows[st.first_data_index:], st.width)
    assert [(p.row, p.params["expected"], p.params["found"]) for p in problems] == [
        (3, 3, 2), (4, 3, 4)]
    assert all(p.code == "ragged_row" and p.severity is Severity.ERROR for p in problems)
    assert len(ragged_problems(rows, 5, limit=2)) == 2


def test_modal_width_ignores_title_lines_at_the_top() -> None:
    rows = parse_lines(["Relatório;;;;;;", "x"] + ["1;2;3"] * 8, Dialect(";"))
    assert modal_width(rows) == 3
