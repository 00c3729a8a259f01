"""The expected inspection outcome of every corpus file (see make_corpus.py).

Keys (all optional):
  encoding        Python codec name ("utf-8", "utf-8-sig", "cp1252", "latin-1", "utf-16"),
                  compared after codecs.lookup() normalisation; a tuple lists the names
                  that are all acceptable (they decode this file to the same text).
                  Pure-ASCII files are expected as "utf-8" (the superset to convert with).
  delimiter, quote, escape, decimal, thousands, date_format
                  the value of the same key in inspection_to_dict().
  header          bool: the file has a header line.
  skip_top        lines above the header (above the data when there is no header).
  skip_bottom     lines after the last data row (totals, notes, blank lines).
  columns         [(Delta-safe name, type)]; type "decimal(*,S)" means any precision with
                  scale S (the precision must still hold every previewed value).
  source_names    the column names exactly as in the file (BOMs and such removed).
  nullable        {column name: bool}.
  problems        [(severity or None for any, code, 1-based line or None for any)] that
                  must be present.
  problem_rows    {code: [lines]}: the exact set of lines reported for that code.
  absent          problem codes that must not be reported.
  no_errors       True: no problem has severity "error".
  rows            the number of data rows; the preview (which shows at least the first 10
                  rows) must hold exactly these, so footers and headers are not in it.
  preview_first_row  the typed values of the first data row (Inspection.preview[0]).
  preview_rows    {index into Inspection.preview (may be negative): typed values}.

Typed values: str, int, bool, float, decimal.Decimal, datetime.date, datetime.datetime,
None for an empty cell. Booleans and ints are compared by type as well as value.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D
from typing import Any

Date = dt.date
Ts = dt.datetime

EXPECTED: dict[str, dict[str, Any]] = {
    # 1. bank statement: cp1252 (has '–' = 0x96), title lines, blank lines, "Saldo final" footer
    "extrato_bancario.csv": {
        "encoding": "cp1252",
        "delimiter": ";",
        "header": True,
        "skip_top": 3,
        "skip_bottom": 2,
        "decimal": ",",
        "thousands": ".",
        "date_format": "%d/%m/%Y",
        "columns": [
            ("data", "date"),
            ("historico", "string"),
            ("documento", "string"),
            ("valor_r", "decimal(*,2)"),
            ("saldo_r", "decimal(*,2)"),
        ],
        "source_names": ["Data", "Histórico", "Documento", "Valor (R$)", "Saldo (R$)"],
        "problems": [(None, "lines_skipped_top", None), (None, "lines_skipped_bottom", None)],
        "absent": ["ragged_row", "date_order_ambiguous", "header_missing"],
        "no_errors": True,
        "rows": 8,
        "preview_first_row": [
            Date(2026, 10, 1), "Depósito em dinheiro", "000123", D("1500.00"), D("11500.00"),
        ],
        "preview_rows": {
            1: [
                Date(2026, 10, 3), "Transferência enviada – João Conceição", "000124",
                D("-1234.56"), D("10265.44"),
            ],
            -1: [
                Date(2026, 10, 31), "Pagamento fornecedor – Ação & Cia", "000130",
                D("-669.76"), D("12344.67"),
            ],
        },
    },
    # 2. Excel pt-BR "CSV UTF-8": BOM, ';', CRLF, Sim/Não
    "excel_ptbr_bom.csv": {
        "encoding": "utf-8-sig",
        "delimiter": ";",
        "header": True,
        "skip_top": 0,
        "skip_bottom": 0,
        "decimal": ",",
        "date_format": "%d/%m/%Y",
        "columns": [
            ("codigo", "string"),
            ("descricao", "string"),
            ("preco_unitario", "decimal(*,2)"),
            ("quantidade", "bigint"),
            ("data_cadastro", "date"),
            ("ativo", "boolean"),
        ],
        "source_names": [
            "Código", "Descrição", "Preço Unitário", "Quantidade", "Data Cadastro", "Ativo",
        ],
        "problems": [(None, "leading_zeros_text", None)],
        "absent": ["ragged_row", "header_missing"],
        "no_errors": True,
        "rows": 6,
        "preview_first_row": [
            "00101", "Caneta esferográfica azul", D("2.50"), 100, Date(2026, 1, 15), True,
        ],
        "preview_rows": {
            2: ["00215", "Grampeador médio", D("32.00"), 12, Date(2026, 2, 28), False],
            -1: ["02010", "Calculadora de mesa", D("45.90"), 8, Date(2026, 5, 30), True],
        },
    },
    # 3. report dump: "Total,,1234.50" and "Gerado em ..." below the data
    "relatorio_totais.csv": {
        "encoding": "utf-8",
        "delimiter": ",",
        "header": True,
        "skip_top": 0,
        "skip_bottom": 2,
        "decimal": ".",
        "date_format": "%Y-%m-%d",
        "columns": [("data", "date"), ("descricao", "string"), ("valor", "decimal(*,2)")],
        "problems": [(None, "lines_skipped_bottom", None)],
        "absent": ["ragged_row", "header_missing"],
        "no_errors": True,
        "rows": 5,
        "preview_first_row": [Date(2026, 11, 3), "Venda balcão", D("450.25")],
        "preview_rows": {-1: [Date(2026, 11, 21), "Manutenção", D("100.00")]},
    },
    # 4. headerless dump, every field quoted
    "dump_sem_cabecalho.csv": {
        "encoding": "utf-8",
        "delimiter": ",",
        "quote": '"',
        "header": False,
        "skip_top": 0,
        "skip_bottom": 0,
        "decimal": ".",
        "date_format": "%Y-%m-%d",
        "columns": [
            ("col_1", "bigint"),
            ("col_2", "string"),
            ("col_3", "string"),
            ("col_4", "string"),
            ("col_5", "date"),
            ("col_6", "decimal(*,2)"),
        ],
        "problems": [(None, "header_missing", None)],
        "no_errors": True,
        "rows": 5,
        "preview_first_row": [
            1001, "Maria da Silva", "São Paulo", "SP", Date(2026, 1, 15), D("1500.75"),
        ],
        "preview_rows": {
            -1: [1005, "Beatriz Araújo", "Salvador", "BA", Date(2026, 4, 22), D("12000.00")],
        },
    },
    # 5. supplier parameter list: tab, decimal comma with '.' thousands
    "parametros.txt": {
        "encoding": "utf-8",
        "delimiter": "\t",
        "header": True,
        "skip_top": 0,
        "skip_bottom": 0,
        "decimal": ",",
        "thousands": ".",
        "columns": [("parametro", "string"), ("valor", "decimal(*,2)"), ("unidade", "string")],
        "absent": ["ragged_row"],
        "no_errors": True,
        "rows": 6,
        "preview_first_row": ["Temperatura máxima", D("85.5"), "°C"],
        "preview_rows": {
            1: ["Pressão de trabalho", D("12"), "bar"],
            2: ["Vazão nominal", D("1000.25"), "L/h"],
            3: ["Tolerância", D("0.5"), "mm"],
            4: ["Rotação", D("3600"), "rpm"],
        },
    },
    # 6. pipe-delimited export with ISO dates and timestamps
    "pipe_delimited.txt": {
        "encoding": "utf-8",
        "delimiter": "|",
        "header": True,
        "skip_top": 0,
        "skip_bottom": 0,
        "decimal": ".",
        "date_format": "%Y-%m-%d",
        "columns": [
            ("id", "bigint"),
            ("cliente", "string"),
            ("data_pedido", "date"),
            ("criado_em", "timestamp"),
            ("valor", "decimal(*,2)"),
        ],
        "no_errors": True,
        "rows": 4,
        "preview_first_row": [
            1, "Padaria Pão Quente", Date(2026, 11, 1), Ts(2026, 11, 1, 8, 15, 0), D("150.00"),
        ],
        "preview_rows": {
            -1: [4, "Açougue do Zé", Date(2026, 11, 25), Ts(2026, 11, 25, 14, 3, 0),
                 D("412.50")],
        },
    },
    # 7. US export: 11/25/2026 proves month-first; yes/no booleans (pure ASCII)
    "us_dates.csv": {
        "encoding": "utf-8",
        "delimiter": ",",
        "header": True,
        "skip_top": 0,
        "skip_bottom": 0,
        "decimal": ".",
        "date_format": "%m/%d/%Y",
        "columns": [
            ("order_id", "bigint"),
            ("order_date", "date"),
            ("amount", "decimal(*,2)"),
            ("shipped", "boolean"),
        ],
        "absent": ["date_order_ambiguous"],
        "no_errors": True,
        "rows": 5,
        "preview_first_row": [5001, Date(2026, 11, 25), D("1299.99"), True],
        "preview_rows": {1: [5002, Date(2026, 11, 3), D("45.50"), False]},
    },
    # 8. every day and month <= 12: day-first (Brazilian default), with a warning
    "ambiguous_dates.csv": {
        "encoding": "utf-8",
        "delimiter": ";",
        "header": True,
        "skip_top": 0,
        "skip_bottom": 0,
        "date_format": "%d/%m/%Y",
        "columns": [("data", "date"), ("produto", "string"), ("quantidade", "bigint")],
        "problems": [("warning", "date_order_ambiguous", None)],
        "no_errors": True,
        "rows": 5,
        "preview_first_row": [Date(2026, 2, 1), "Arroz", 10],
        "preview_rows": {-1: [Date(2026, 11, 12), "Óleo de soja", 12]},
    },
    # 9. latin-1 without 0x80-0x9F bytes: latin-1 and cp1252 read it identically
    "latin1.csv": {
        "encoding": ("latin-1", "cp1252"),
        "delimiter": ";",
        "header": True,
        "skip_top": 0,
        "skip_bottom": 0,
        "columns": [
            ("nome", "string"),
            ("cidade", "string"),
            ("idade", "bigint"),
            ("observacao", "string"),
        ],
        "source_names": ["Nome", "Cidade", "Idade", "Observação"],
        "no_errors": True,
        "rows": 5,
        "preview_first_row": ["João Conceição", "São Paulo", 34, "Cliente desde março"],
        "preview_rows": {
            1: ["Ana Müller", "Florianópolis", 29, "Preferência: e-mail"],
            3: ["Zé Brandão", "Goiânia", 42, "1º pedido em 2ª feira"],
            4: ["Cecília Peña", "Jundiaí", 38, "Ótima pagadora"],
        },
    },
    # 10. Excel "Unicode text": UTF-16 LE + BOM, tab, decimal comma without thousands
    "utf16_bom.csv": {
        "encoding": "utf-16",
        "delimiter": "\t",
        "header": True,
        "skip_top": 0,
        "skip_bottom": 0,
        "decimal": ",",
        "date_format": "%d/%m/%Y",
        "columns": [
            ("codigo", "string"),
            ("cliente", "string"),
            ("saldo", "decimal(*,2)"),
            ("atualizado_em", "date"),
        ],
        "source_names": ["Código", "Cliente", "Saldo", "Atualizado em"],
        "no_errors": True,
        "rows": 4,
        "preview_first_row": ["0001", "Maria Conceição", D("1234.56"), Date(2026, 11, 5)],
        "preview_rows": {1: ["0002", "José Ribeiro", D("-89.10"), Date(2026, 11, 25)]},
    },
    # 11. CNPJ, CPF, CEP, phones, product codes: all text
    "codes.csv": {
        "encoding": "utf-8",
        "delimiter": ";",
        "header": True,
        "skip_top": 0,
        "skip_bottom": 0,
        "columns": [
            ("cnpj", "string"),
            ("cnpj_sem_mascara", "string"),
            ("cpf", "string"),
            ("cep", "string"),
            ("cep_sem_hifen", "string"),
            ("telefone", "string"),
            ("cod_produto", "string"),
        ],
        "problems": [(None, "leading_zeros_text", None)],
        "no_errors": True,
        "rows": 4,
        "preview_first_row": [
            "12.345.678/0001-90", "12345678000190", "123.456.789-09", "01310-100", "01310100",
            "(11) 98765-4321", "00042",
        ],
        "preview_rows": {
            1: ["04.252.011/0001-10", "04252011000110", "987.654.321-00", "20040-020",
                "20040020", "(21) 3456-7890", "00107"],
        },
    },
    # 12. "R$ 1.234,56", "12,5%", "€ 10,00"
    "percent_currency.csv": {
        "encoding": "utf-8",
        "delimiter": ";",
        "header": True,
        "skip_top": 0,
        "skip_bottom": 0,
        "decimal": ",",
        "thousands": ".",
        "columns": [
            ("produto", "string"),
            ("preco", "decimal(*,2)"),
            ("desconto", "decimal(*,3)"),
            ("preco_eur", "decimal(*,2)"),
        ],
        "no_errors": True,
        "rows": 5,
        "preview_first_row": ["Notebook", D("4599.90"), D("0.125"), D("799.00")],
        "preview_rows": {
            1: ["Mouse", D("89.90"), D("0.05"), D("15.50")],
            2: ["Teclado", D("1234.56"), D("0.10"), D("10.00")],
            -1: ["Cabo HDMI", D("39.00"), D("0"), D("6.80")],
        },
    },
    # 13. one row too long (line 3), one too short (line 5)
    "ragged.csv": {
        "encoding": "utf-8",
        "delimiter": ";",
        "header": True,
        "skip_top": 0,
        "skip_bottom": 0,
        "columns": [("nome", "string"), ("idade", "bigint"), ("cidade", "string")],
        "problems": [(None, "ragged_row", 3), (None, "ragged_row", 5)],
        "problem_rows": {"ragged_row": [3, 5]},
        "preview_first_row": ["Ana", 30, "Recife"],
    },
    # 14. nothing to ingest
    "empty.csv": {
        "problems": [("error", "file_empty", None)],
        "absent": ["file_binary", "file_header_only"],
    },
    "header_only.csv": {
        "problems": [("error", "file_header_only", None)],
        "absent": ["file_empty", "file_binary"],
    },
    "binary.csv": {
        "problems": [("error", "file_binary", None)],
        "absent": ["file_empty"],
    },
    # 15. quoted fields with delimiters, doubled quotes and an embedded newline
    "quoted_multiline.csv": {
        "encoding": "utf-8",
        "delimiter": ",",
        "quote": '"',
        "escape": '"',
        "header": True,
        "skip_top": 0,
        "skip_bottom": 0,
        "decimal": ".",
        "columns": [
            ("id", "bigint"),
            ("nome", "string"),
            ("comentario", "string"),
            ("valor", "decimal(*,2)"),
        ],
        "absent": ["ragged_row"],
        "no_errors": True,
        "rows": 4,
        "preview_first_row": [1, "Silva, João", 'Disse "olá" e saiu', D("10.50")],
        "preview_rows": {
            1: [2, "Souza, Maria", "Linha um\nlinha dois", D("20.00")],
            2: [3, "Pedro", "Sem problemas", D("30.25")],
            3: [4, "Lima, Ana", 'Entrega: "urgente", frágil', D("40.00")],
        },
    },
    # 16. \" inside quoted fields
    "backslash_escape.csv": {
        "encoding": "utf-8",
        "delimiter": ",",
        "quote": '"',
        "escape": "\\",
        "header": True,
        "skip_top": 0,
        "skip_bottom": 0,
        "decimal": ".",
        "columns": [("id", "bigint"), ("descricao", "string"), ("valor", "decimal(*,2)")],
        "absent": ["ragged_row"],
        "no_errors": True,
        "rows": 4,
        "preview_first_row": [1, 'Parafuso 1/2" inox', D("0.35")],
        "preview_rows": {
            1: [2, 'Cabo "flex" 2,5mm', D("4.90")],
            2: [3, 'Tubo 3/4"', D("12.00")],
        },
    },
    # 17. "N/A" among integers -> text; an all-empty column -> nullable text
    "mixed_int_text.csv": {
        "encoding": "utf-8",
        "delimiter": ";",
        "header": True,
        "skip_top": 0,
        "skip_bottom": 0,
        "columns": [
            ("id", "bigint"),
            ("quantidade", "string"),
            ("vazia", "string"),
            ("observacao", "string"),
        ],
        "nullable": {"vazia": True},
        "no_errors": True,
        "rows": 5,
        "preview_first_row": [1, "10", None, "entregue"],
        "preview_rows": {2: [3, "N/A", None, "aguardando estoque"]},
    },
    # 18. ';' delimiter with decimal point
    "semicolon_decimal_point.csv": {
        "encoding": "utf-8",
        "delimiter": ";",
        "header": True,
        "skip_top": 0,
        "skip_bottom": 0,
        "decimal": ".",
        "columns": [("produto", "string"), ("peso_kg", "decimal(*,1)"), ("preco", "decimal(*,2)")],
        "no_errors": True,
        "rows": 5,
        "preview_first_row": ["Arroz 5kg", D("5.0"), D("24.90")],
        "preview_rows": {3: ["Café 500g", D("0.5"), D("1234.56")]},
    },
    # 19. 12.325.232 and 34.970 are whole numbers in a decimal-comma file
    "thousands_only.csv": {
        "encoding": "utf-8",
        "delimiter": ";",
        "header": True,
        "skip_top": 0,
        "skip_bottom": 0,
        "decimal": ",",
        "thousands": ".",
        "columns": [
            ("municipio", "string"),
            ("populacao", "bigint"),
            ("area_km2", "decimal(*,2)"),
            ("densidade", "decimal(*,2)"),
        ],
        "no_errors": True,
        "rows": 5,
        "preview_first_row": ["São Paulo", 12325232, D("1521.11"), D("8102.74")],
        "preview_rows": {
            3: ["Ilhabela", 34970, D("348.31"), D("100.40")],
            4: ["Borá", 980, D("118.45"), D("8.27")],
        },
    },
    # 20. duplicate, empty, accented and punctuated header names
    "names_messy.csv": {
        "encoding": "utf-8",
        "delimiter": ";",
        "header": True,
        "skip_top": 0,
        "skip_bottom": 0,
        "decimal": ",",
        "columns": [
            ("nome_do_cliente", "string"),
            ("col_2", "string"),
            ("valor_r", "decimal(*,2)"),
            ("valor_r_2", "decimal(*,2)"),
            ("acao_status", "string"),
            ("x", "bigint"),
            ("observacoes", "string"),
        ],
        "no_errors": True,
        "rows": 3,
        "preview_first_row": [
            "Ana", "abc", D("10.00"), D("20.00"), "ok", 1, "primeira compra",
        ],
        "preview_rows": {1: ["Bruno", "def", D("15.50"), D("31.00"), "pendente", 2, None]},
    },
    # extra: dd/mm/yyyy HH:MM:SS timestamps and an S/N flag
    "timestamps_br.csv": {
        "encoding": "utf-8",
        "delimiter": ";",
        "header": True,
        "skip_top": 0,
        "skip_bottom": 0,
        "columns": [("registro", "bigint"), ("data_hora", "timestamp"), ("concluido", "boolean")],
        "no_errors": True,
        "rows": 4,
        "preview_first_row": [1, Ts(2026, 11, 25, 14, 3, 0), True],
        "preview_rows": {1: [2, Ts(2026, 11, 25, 14, 7, 31), False]},
    },
    # extra: scientific notation -> double
    "cientifico.csv": {
        "encoding": "utf-8",
        "delimiter": ",",
        "header": True,
        "skip_top": 0,
        "skip_bottom": 0,
        "decimal": ".",
        "columns": [
            ("amostra", "string"),
            ("concentracao", "double"),
            ("leitura", "decimal(*,2)"),
        ],
        "no_errors": True,
        "rows": 4,
        "preview_first_row": ["A-01", 0.0015, D("0.25")],
        "preview_rows": {
            1: ["A-02", 200000.0, D("1.5")],
            -1: ["A-04", 7e-6, D("10")],
        },
    },
    # extra: a "TOTAL GERAL" line whose first cell is text like every other row's
    "vendas_total_geral.csv": {
        "encoding": "utf-8-sig",
        "delimiter": ";",
        "header": True,
        "skip_top": 0,
        "skip_bottom": 1,
        "decimal": ",",
        "thousands": ".",
        "columns": [("vendedor", "string"), ("regiao", "string"), ("vendas_r", "decimal(*,2)")],
        "problems": [(None, "lines_skipped_bottom", None)],
        "no_errors": True,
        "rows": 4,
        "preview_first_row": ["Ana Lima", "Sul", D("1000.00")],
        "preview_rows": {-1: ["Diego Alves", "Nordeste", D("750.25")]},
    },
}
