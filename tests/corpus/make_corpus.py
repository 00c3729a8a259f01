"""Write the inspection corpus: small, realistic, messy hand-made files.

Every file is built here byte for byte (explicit encoding, explicit line endings), so running
this script again reproduces the committed files in `tests/corpus/files/` exactly.

    python tests/corpus/make_corpus.py            # (re)write tests/corpus/files/
    python tests/corpus/make_corpus.py OUT_DIR    # write somewhere else

The expected inspection outcome of each file is in `expected.py`.
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Callable
from pathlib import Path

FILES_DIR = Path(__file__).resolve().parent / "files"

CRLF = "\r\n"
LF = "\n"


def text(lines: list[str], eol: str, encoding: str, bom: bytes = b"") -> bytes:
    """Join `lines` with `eol` (and a final `eol`), encode strictly, prepend a BOM."""
    return bom + (eol.join(lines) + eol).encode(encoding, errors="strict")


def pseudo_random(n: int, seed: bytes) -> bytes:
    """Deterministic "random" bytes on every Python version (SHA-256 in counter mode)."""
    out = bytearray()
    counter = 0
    while len(out) < n:
        out += hashlib.sha256(seed + counter.to_bytes(4, "big")).digest()
        counter += 1
    return bytes(out[:n])


# --- 1. a bank statement, as the bank's site exports it -----------------------------------

def extrato_bancario() -> bytes:
    lines = [
        "Banco Exemplo S.A.",
        "Extrato de 01/10/2026 a 31/10/2026 – Agência 0123 – Conta 45678-9",
        "",
        "Data;Histórico;Documento;Valor (R$);Saldo (R$)",
        "01/10/2026;Depósito em dinheiro;000123;1.500,00;11.500,00",
        "03/10/2026;Transferência enviada – João Conceição;000124;-1.234,56;10.265,44",
        "05/10/2026;Pagamento de boleto – Serviços;000125;-350,00;9.915,44",
        "10/10/2026;Tarifa bancária;000126;-25,90;9.889,54",
        "15/10/2026;Transferência recebida;000127;3.200,00;13.089,54",
        "20/10/2026;Compra cartão débito – Padaria São José;000128;-87,45;13.002,09",
        "25/10/2026;Rendimento poupança;000129;12,34;13.014,43",
        "31/10/2026;Pagamento fornecedor – Ação & Cia;000130;-669,76;12.344,67",
        "",
        "Saldo final;;;;12.344,67",
    ]
    return text(lines, CRLF, "cp1252")


# --- 2. Excel pt-BR "CSV UTF-8 (delimitado por vírgulas)" -------------------------------

def excel_ptbr_bom() -> bytes:
    lines = [
        "Código;Descrição;Preço Unitário;Quantidade;Data Cadastro;Ativo",
        "00101;Caneta esferográfica azul;2,50;100;15/01/2026;Sim",
        "00102;Caderno universitário 200 fls;18,90;45;03/02/2026;Sim",
        "00215;Grampeador médio;32,00;12;28/02/2026;Não",
        "01003;Papel A4 – resma 500 fls;27,49;230;10/03/2026;Sim",
        "01004;Pasta suspensa;1,75;500;21/04/2026;Não",
        "02010;Calculadora de mesa;45,90;8;30/05/2026;Sim",
    ]
    return text(lines, CRLF, "utf-8", bom=b"\xef\xbb\xbf")


# --- 3. a report dump with a totals line and a note below the data ------------------------

def relatorio_totais() -> bytes:
    lines = [
        "Data,Descrição,Valor",
        "2026-11-03,Venda balcão,450.25",
        "2026-11-10,Venda online,300.00",
        "2026-11-14,Serviço de instalação,184.25",
        "2026-11-18,Venda balcão,200.00",
        "2026-11-21,Manutenção,100.00",
        "Total,,1234.50",
        "Gerado em 25/11/2026",
    ]
    return text(lines, LF, "utf-8")


# --- 4. a database dump without a header, every field quoted -------------------------------

def dump_sem_cabecalho() -> bytes:
    lines = [
        '"1001","Maria da Silva","São Paulo","SP","2026-01-15","1500.75"',
        '"1002","José Santos","Rio de Janeiro","RJ","2026-02-20","980.00"',
        '"1003","Ana Paula Gonçalves","Belo Horizonte","MG","2026-03-05","2310.10"',
        '"1004","Luís Fernando","Curitiba","PR","2026-03-18","75.30"',
        '"1005","Beatriz Araújo","Salvador","BA","2026-04-22","12000.00"',
    ]
    return text(lines, LF, "utf-8")


# --- 5. a supplier's parameter list, tab-delimited, decimal comma --------------------------

def parametros() -> bytes:
    lines = [
        "Parametro\tValor\tUnidade",
        "Temperatura máxima\t85,5\t°C",
        "Pressão de trabalho\t12\tbar",
        "Vazão nominal\t1.000,25\tL/h",
        "Tolerância\t0,5\tmm",
        "Rotação\t3.600\trpm",
        "Potência\t7,35\tkW",
    ]
    return text(lines, CRLF, "utf-8")


# --- 6. a system export, pipe-delimited, ISO dates and timestamps --------------------------

def pipe_delimited() -> bytes:
    lines = [
        "id|cliente|data_pedido|criado_em|valor",
        "1|Padaria Pão Quente|2026-11-01|2026-11-01 08:15:00|150.00",
        "2|Mercado Bom Preço|2026-11-03|2026-11-03 17:42:10|2340.90",
        "3|Farmácia Saúde|2026-11-15|2026-11-15 09:00:00|89.99",
        "4|Açougue do Zé|2026-11-25|2026-11-25 14:03:00|412.50",
    ]
    return text(lines, LF, "utf-8")


# --- 7. a US export: month-first dates, decimal point, yes/no ------------------------------

def us_dates() -> bytes:
    lines = [
        "order_id,order_date,amount,shipped",
        "5001,11/25/2026,1299.99,yes",
        "5002,11/03/2026,45.50,no",
        "5003,12/14/2026,310.00,yes",
        "5004,01/02/2027,89.90,no",
        "5005,01/30/2027,5.00,yes",
    ]
    return text(lines, CRLF, "utf-8")


# --- 8. dates that could be either order (every day and month <= 12) ------------------------

def ambiguous_dates() -> bytes:
    lines = [
        "Data;Produto;Quantidade",
        "01/02/2026;Arroz;10",
        "03/04/2026;Feijão;5",
        "05/06/2026;Açúcar;8",
        "07/08/2026;Café;3",
        "12/11/2026;Óleo de soja;12",
    ]
    return text(lines, CRLF, "utf-8")


# --- 9. an old system's latin-1 export (no bytes 0x80-0x9F) --------------------------------

def latin1() -> bytes:
    lines = [
        "Nome;Cidade;Idade;Observação",
        "João Conceição;São Paulo;34;Cliente desde março",
        "Ana Müller;Florianópolis;29;Preferência: e-mail",
        "Inês Araújo;Maceió;51;Não ligar após 18h",
        "Zé Brandão;Goiânia;42;1º pedido em 2ª feira",
        "Cecília Peña;Jundiaí;38;Ótima pagadora",
    ]
    data = text(lines, CRLF, "latin-1")
    assert not any(0x80 <= b <= 0x9F for b in data)
    return data


# --- 10. Excel "Unicode text": UTF-16 LE with BOM, tab-delimited -------------------------

def utf16_bom() -> bytes:
    lines = [
        "Código\tCliente\tSaldo\tAtualizado em",
        "0001\tMaria Conceição\t1234,56\t05/11/2026",
        "0002\tJosé Ribeiro\t-89,10\t25/11/2026",
        "0003\tAção Comercial Ltda\t0,00\t13/11/2026",
        "0004\tLúcia Gonçalves\t15000,75\t01/11/2026",
    ]
    return text(lines, CRLF, "utf-16-le", bom=b"\xff\xfe")


# --- 11. Brazilian codes that look like numbers but are text -----------------------------

def codes() -> bytes:
    lines = [
        "CNPJ;CNPJ sem máscara;CPF;CEP;CEP sem hífen;Telefone;Cód. Produto",
        "12.345.678/0001-90;12345678000190;123.456.789-09;01310-100;01310100;"
        "(11) 98765-4321;00042",
        "04.252.011/0001-10;04252011000110;987.654.321-00;20040-020;20040020;"
        "(21) 3456-7890;00107",
        "33.000.167/0001-01;33000167000101;012.345.678-90;04538-133;04538133;"
        "(11) 2345-6789;01500",
        "60.746.948/0001-12;60746948000112;111.222.333-96;30130-010;30130010;"
        "(31) 99876-5432;00003",
    ]
    return text(lines, CRLF, "utf-8")


# --- 12. money and percentages as people type them ---------------------------------------

def percent_currency() -> bytes:
    lines = [
        "Produto;Preço;Desconto;Preço (EUR)",
        "Notebook;R$ 4.599,90;12,5%;€ 799,00",
        "Mouse;R$ 89,90;5%;€ 15,50",
        "Teclado;R$ 1.234,56;10%;€ 10,00",
        "Monitor;R$ 1.299,00;7,5%;€ 229,99",
        "Cabo HDMI;R$ 39,00;0%;€ 6,80",
    ]
    return text(lines, CRLF, "utf-8")


# --- 13. rows with too many and too few fields --------------------------------------------

def ragged() -> bytes:
    lines = [
        "Nome;Idade;Cidade",  # line 1
        "Ana;30;Recife",  # 2
        "Bruno;25;Natal;extra",  # 3: one field too many
        "Carla;41;Belém",  # 4
        "Diego;35",  # 5: one field too few
        "Elisa;28;Manaus",  # 6
        "Fábio;52;Porto Alegre",  # 7
        "Gabriela;19;Cuiabá",  # 8
    ]
    return text(lines, LF, "utf-8")


# --- 14. files that cannot be ingested at all ---------------------------------------------

def empty() -> bytes:
    return b""


def header_only() -> bytes:
    return text(["Código;Nome;Valor"], CRLF, "utf-8")


def binary() -> bytes:
    png = (
        b"\x89PNG\r\n\x1a\n"
        b"\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00"
        b"\x1f\xf3\xffa"
    )
    return png + pseudo_random(1024, b"dino-corpus-binary")


# --- 15. quoted fields: delimiters, doubled quotes, an embedded newline --------------------

def quoted_multiline() -> bytes:
    lines = [
        "id,nome,comentario,valor",
        '1,"Silva, João","Disse ""olá"" e saiu",10.50',
        '2,"Souza, Maria","Linha um',
        'linha dois",20.00',
        '3,Pedro,"Sem problemas",30.25',
        '4,"Lima, Ana","Entrega: ""urgente"", frágil",40.00',
    ]
    return text(lines, LF, "utf-8")


# --- 16. quotes escaped with a backslash (MySQL/PHP style) --------------------------------

def backslash_escape() -> bytes:
    lines = [
        "id,descricao,valor",
        '1,"Parafuso 1/2\\" inox",0.35',
        '2,"Cabo \\"flex\\" 2,5mm",4.90',
        '3,"Tubo 3/4\\"",12.00',
        '4,"Luva de proteção",8.75',
    ]
    return text(lines, LF, "utf-8")


# --- 17. a mostly-integer column with one text value; an all-empty column ------------------

def mixed_int_text() -> bytes:
    lines = [
        "id;quantidade;vazia;observacao",
        "1;10;;entregue",
        "2;25;;entregue",
        "3;N/A;;aguardando estoque",
        "4;7;;entregue",
        "5;120;;devolução parcial",
    ]
    return text(lines, CRLF, "utf-8")


# --- 18. ';' delimiter but decimal point ---------------------------------------------------

def semicolon_decimal_point() -> bytes:
    lines = [
        "Produto;Peso (kg);Preço",
        "Arroz 5kg;5.0;24.90",
        "Feijão 1kg;1.0;8.49",
        "Óleo 900ml;0.9;7.99",
        "Café 500g;0.5;1234.56",
        "Sal 1kg;1.0;3.25",
    ]
    return text(lines, CRLF, "utf-8")


# --- 19. whole numbers with '.' thousands in a decimal-comma file --------------------------

def thousands_only() -> bytes:
    lines = [
        "Município;População;Área (km²);Densidade",
        "São Paulo;12.325.232;1.521,11;8.102,74",
        "Campinas;1.223.237;794,57;1.539,52",
        "Santos;433.656;281,03;1.543,10",
        "Ilhabela;34.970;348,31;100,40",
        "Borá;980;118,45;8,27",
    ]
    return text(lines, CRLF, "utf-8")


# --- 20. a header that needs cleaning to be Delta-safe ------------------------------------

def names_messy() -> bytes:
    lines = [
        "Nome do Cliente;;Valor (R$);valor (r$);Ação=Status;{x}; Observações ",
        "Ana;abc;10,00;20,00;ok;1;primeira compra",
        "Bruno;def;15,50;31,00;pendente;2;",
        "Carla;ghi;7,25;14,50;ok;3;cliente antiga",
    ]
    return text(lines, CRLF, "utf-8")


# --- extras --------------------------------------------------------------------------------

def timestamps_br() -> bytes:
    """A log export: dd/mm/yyyy HH:MM:SS and an S/N flag."""
    lines = [
        "Registro;Data/Hora;Concluído",
        "1;25/11/2026 14:03:00;S",
        "2;25/11/2026 14:07:31;N",
        "3;26/11/2026 08:00:05;S",
        "4;27/11/2026 23:59:59;S",
    ]
    return text(lines, CRLF, "utf-8")


def cientifico() -> bytes:
    """A lab instrument's export with scientific notation."""
    lines = [
        "amostra,concentracao,leitura",
        "A-01,1.5e-3,0.25",
        "A-02,2.0E+5,1.5",
        "A-03,3.25e-1,-0.75",
        "A-04,7e-6,10",
    ]
    return text(lines, LF, "utf-8")


def vendas_total_geral() -> bytes:
    """A sales summary whose last line is a "TOTAL GERAL" row in a text column."""
    lines = [
        "Vendedor;Região;Vendas (R$)",
        "Ana Lima;Sul;1.000,00",
        "Bruno Costa;Norte;2.500,50",
        "Carla Dias;Sudeste;3.000,00",
        "Diego Alves;Nordeste;750,25",
        "TOTAL GERAL;;7.250,75",
    ]
    return text(lines, CRLF, "utf-8", bom=b"\xef\xbb\xbf")


BUILDERS: dict[str, Callable[[], bytes]] = {
    "extrato_bancario.csv": extrato_bancario,
    "excel_ptbr_bom.csv": excel_ptbr_bom,
    "relatorio_totais.csv": relatorio_totais,
    "dump_sem_cabecalho.csv": dump_sem_cabecalho,
    "parametros.txt": parametros,
    "pipe_delimited.txt": pipe_delimited,
    "us_dates.csv": us_dates,
    "ambiguous_dates.csv": ambiguous_dates,
    "latin1.csv": latin1,
    "utf16_bom.csv": utf16_bom,
    "codes.csv": codes,
    "percent_currency.csv": percent_currency,
    "ragged.csv": ragged,
    "empty.csv": empty,
    "header_only.csv": header_only,
    "binary.csv": binary,
    "quoted_multiline.csv": quoted_multiline,
    "backslash_escape.csv": backslash_escape,
    "mixed_int_text.csv": mixed_int_text,
    "semicolon_decimal_point.csv": semicolon_decimal_point,
    "thousands_only.csv": thousands_only,
    "names_messy.csv": names_messy,
    "timestamps_br.csv": timestamps_br,
    "cientifico.csv": cientifico,
    "vendas_total_geral.csv": vendas_total_geral,
}


def build() -> dict[str, bytes]:
    """Every corpus file: name -> exact bytes."""
    return {name: make() for name, make in BUILDERS.items()}


def write_corpus(dest: Path = FILES_DIR) -> list[Path]:
    """Write every corpus file into `dest` (created if needed); return the paths written."""
    dest.mkdir(parents=True, exist_ok=True)
    written = []
    for name, data in build().items():
        path = dest / name
        with open(path, "wb") as f:
            f.write(data)
        written.append(path)
    return written


def main(argv: list[str]) -> int:
    dest = Path(argv[1]) if len(argv) > 1 else FILES_DIR
    for path in write_corpus(dest):
        print(f"{path.stat().st_size:6d}  {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
