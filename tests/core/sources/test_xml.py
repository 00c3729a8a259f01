"""XmlReader: record detection, fields, namespaces, entity refusal, streaming iteration."""

from __future__ import annotations

from pathlib import Path

import pytest

from dino_desktop.core.models import DinoError, InspectOptions
from dino_desktop.core.sources.xmlfile import XmlReader

READER = XmlReader()
OPTS = InspectOptions()

ORDERS = """<?xml version="1.0" encoding="UTF-8"?>
<export>
  <cabecalho><gerado>2024-02-01</gerado><sistema>ERP</sistema></cabecalho>
  <pedidos>
    <pedido id="1" status="pago">
      <cliente>Ana Júlia</cliente>
      <codigo>00123</codigo>
      <valor>1234.56</valor>
      <data>2024-01-15</data>
    </pedido>
    <pedido id="2">
      <cliente>José</cliente>
      <codigo>04567</codigo>
      <valor>10.5</valor>
      <telefone>1</telefone><telefone>2</telefone>
      <endereco><cidade>São Paulo</cidade><uf>SP</uf></endereco>
    </pedido>
    <pedido id="3"><cliente/><valor> 7 </valor></pedido>
  </pedidos>
</export>
"""
NAMES = ["id", "status", "cliente", "codigo", "valor", "data", "telefone", "endereco"]


def _file(tmp_path: Path, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / "d.xml"
    path.write_bytes(text.encode(encoding))
    return path


def test_detects_repeated_record_and_fields(tmp_path: Path) -> None:
    s = READER.sample(_file(tmp_path, ORDERS), OPTS, 100)
    assert s.record_path == "/export/pedidos/pedido"
    assert s.names == NAMES
    assert s.rows[0] == ["1", "pago", "Ana Júlia", "00123", "1234.56", "2024-01-15", None, None]
    assert s.rows[1][:7] == ["2", None, "José", "04567", "10.5", None, "1"]  # first telefone
    assert s.rows[1][7] == '{"cidade": "São Paulo", "uf": "SP"}'
    assert s.rows[2] == ["3", None, None, None, "7", None, None, None]
    assert s.complete and s.total_rows == 3


def test_record_path_round_trip_and_override(tmp_path: Path) -> None:
    path = _file(tmp_path, ORDERS)
    s = READER.sample(path, OPTS, 100)
    rows = list(READER.iter_rows(path, InspectOptions(record_path=s.record_path), s.names))
    assert [r.cells for r in rows] == s.rows
    assert [r.number for r in rows] == [1, 2, 3]
    head = READER.sample(path, InspectOptions(record_path="cabecalho"), 100)
    assert head.names == ["gerado", "sistema"] and head.rows == [["2024-02-01", "ERP"]]
    with pytest.raises(DinoError) as err:
        READER.sample(path, InspectOptions(record_path="nada"), 100)
    assert err.value.problem.code == "override_invalid"


def test_namespaces_are_stripped(tmp_path: Path) -> None:
    text = (
        '<ns:lista xmlns:ns="urn:x" xmlns:a="urn:a">'
        '<ns:item a:cod="7"><ns:nome>x</ns:nome></ns:item>'
        '<ns:item a:cod="8"><ns:nome>y</ns:nome></ns:item>'
        "</ns:lista>"
    )
    s = READER.sample(_file(tmp_path, text), OPTS, 10)
    assert s.names == ["cod", "nome"] and s.rows == [["7", "x"], ["8", "y"]]
    assert s.record_path == "/lista/item"
    s2 = READER.sample(_file(tmp_path, text), InspectOptions(record_path="ns:item"), 10)
    assert s2.rows == s.rows


def test_attribute_only_records(tmp_path: Path) -> None:
    text = '<rows><row a="1" b="x"/><row a="2"/><row a="3" c="z"/></rows>'
    s = READER.sample(_file(tmp_path, text), OPTS, 10)
    assert s.names == ["a", "b", "c"]
    assert s.rows == [["1", "x", None], ["2", None, None], ["3", None, "z"]]


def test_encodings(tmp_path: Path) -> None:
    text = '<?xml version="1.0" encoding="{}"?><r><i><n>Conceição</n></i><i><n>ã</n></i></r>'
    for codec, declared in (("utf-16", "UTF-16"), ("cp1252", "windows-1252"),
                            ("latin-1", "ISO-8859-1")):
        s = READER.sample(_file(tmp_path, text.format(declared), codec), OPTS, 10)
        assert s.rows == [["Conceição"], ["ã"]], codec


def test_unexpected_field_in_iteration(tmp_path: Path) -> None:
    text = "<r>" + "".join(f"<i><a>{n}</a></i>" for n in range(5)) + "<i><a>5</a><b>new</b>" \
        "<c/></i></r>"
    path = _file(tmp_path, text)
    rows = list(READER.iter_rows(path, OPTS, ["a"]))
    assert [r.number for r in rows] == [1, 2, 3, 4, 5, 6]
    assert rows[5].cells == ["5"]
    p = rows[5].problem
    assert p is not None and p.code == "record_unexpected_field"
    assert p.params == {"fields": "b"} and p.row == 6 and p.fix == "fix_row"
    assert all(r.problem is None for r in rows[:5])


def test_large_file_streams(tmp_path: Path) -> None:
    items = "".join(f'<item id="{i}"><nome>n{i}</nome><v>{i / 4}</v></item>\n'
                    for i in range(20_000))
    path = _file(tmp_path, f"<dados><itens>\n{items}</itens></dados>")
    s = READER.sample(path, OPTS, 100)
    assert len(s.rows) == 100 and not s.complete and s.total_rows is None
    count = 0
    last = None
    for last in READER.iter_rows(path, OPTS, s.names):  # noqa: B007
        count += 1
    assert count == 20_000
    assert last is not None and last.number == 20_000
    assert last.cells == ["19999", "n19999", "4999.75"]


def test_malformed_mid_file_raises_after_good_records(tmp_path: Path) -> None:
    items = "".join(f"<i><a>{n}</a></i>" for n in range(3000))
    path = _file(tmp_path, f"<r>{items}<i><a>x</b></i></r>")
    seen = 0
    with pytest.raises(DinoError) as err:
        for _row in READER.iter_rows(path, OPTS, ["a"]):
            seen += 1
    assert seen == 3000
    assert err.value.problem.code == "xml_invalid"
    assert "line 1" in err.value.problem.params["reason"]


def test_entity_declarations_are_refused(tmp_path: Path) -> None:
    bomb = (
        '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
        ' <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">\n]>\n'
        "<lolz><i><a>&lol2;</a></i><i><a>x</a></i></lolz>"
    )
    path = _file(tmp_path, bomb)
    for call in (lambda: READER.sample(path, OPTS, 10),
                 lambda: list(READER.iter_rows(path, OPTS, ["a"]))):
        with pytest.raises(DinoError) as err:
            call()
        assert err.value.problem.code == "xml_invalid"
        assert "ENTITY" in err.value.problem.params["reason"]


def test_plain_doctype_is_fine(tmp_path: Path) -> None:
    text = '<?xml version="1.0"?><!DOCTYPE r><r><i><a>1</a></i><i><a>2</a></i></r>'
    assert READER.sample(_file(tmp_path, text), OPTS, 10).rows == [["1"], ["2"]]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "file_empty"),
        ("<r><i><a>1</a></i>", "xml_invalid"),  # never closed
        ("<r><i><a>1</b></i></r>", "xml_invalid"),
        ("not xml at all", "xml_invalid"),
        ("<r/>", "no_records"),
        ("<r><x>1</x><y>2</y></r>", None),  # the root alone is one record
    ],
)
def test_unusable_files(tmp_path: Path, text: str, code: str | None) -> None:
    path = _file(tmp_path, text)
    if code is None:
        assert READER.sample(path, OPTS, 10).rows == [["1", "2"]]
        return
    with pytest.raises(DinoError) as err:
        READER.sample(path, OPTS, 10)
    assert err.value.problem.code == code
