"""Write the sample files in this folder, byte for byte the same on every run and machine.

    python resources/samples/make_samples.py           (re)write the samples
    python resources/samples/make_samples.py --check   exit 1 if a sample differs from this script

vendas_exemplo.csv is what a Brazilian ERP "export to Excel/CSV" typically looks like:
windows-1252 (cp1252), `;` between fields, CRLF line ends, a title line and a blank line
above the header, codes with leading zeros, formatted CNPJs, dd/mm/yyyy dates, decimal comma
with `.` thousands, Sim/Não, and a blank line plus a totals line at the bottom.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

ROWS = 60
TOTAL_CENTS = 12_345_678  # the "Total" line: 123.456,78 (the values are drawn to sum to it)

CLIENTES = [
    "Padaria São João Ltda",
    "Comércio de Alimentos Irmãos Araújo",
    "Farmácia Popular Conceição",
    "Distribuidora Paraná S.A.",
    "Açougue e Mercearia Boa Esperança",
    "Construtora Ipê Amarelo Ltda",
    "Papelaria Ação Escolar",
    "Restaurante Sabor de Minas",
    "Oficina Mecânica Três Irmãos",
    "Móveis Itajubá Indústria e Comércio",
    "Clínica Odontológica Sorriso",
    "Transportadora Rápido Goiânia",
    "Pousada Maré Alta",
    "Auto Peças São Cristóvão",
    "Laticínios Serra da Canastra",
]


def _cnpj(rng: random.Random) -> str:
    """A CNPJ with valid check digits, formatted 00.000.000/0001-00."""
    digits = [int(rng.random() * 10) for _ in range(8)] + [0, 0, 0, 1]
    for weights in ([5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2], [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2]):
        rest = sum(d * w for d, w in zip(digits, weights, strict=True)) % 11
        digits.append(0 if rest < 2 else 11 - rest)
    s = "".join(map(str, digits))
    return f"{s[:2]}.{s[2:5]}.{s[5:8]}/{s[8:12]}-{s[12:]}"


def _brl(cents: int) -> str:
    """12345678 -> '123.456,78'."""
    return f"{cents // 100:,}".replace(",", ".") + f",{cents % 100:02d}"


def _values(rng: random.Random) -> list[int]:
    """ROWS amounts in cents, between tens and thousands of reais, summing to TOTAL_CENTS."""
    weights = [0.05 + rng.random() ** 2 * (4 if i % 13 == 7 else 1) for i in range(ROWS)]
    scale = TOTAL_CENTS / sum(weights)
    cents = [int(w * scale) for w in weights]
    for i in range(TOTAL_CENTS - sum(cents)):  # hand out the rounding remainder, one cent each
        cents[i % ROWS] += 1
    return cents


def vendas_exemplo() -> bytes:
    # Only Random.random() is used: Python guarantees its sequence for a given seed.
    rng = random.Random(2026)
    clientes = {nome: _cnpj(rng) for nome in CLIENTES}
    lines = [
        "Relatório de Vendas - Novembro/2026",
        "",
        "Código;Cliente;CNPJ;Data da Venda;Valor (R$);Quantidade;Pago",
    ]
    codigo = 1000
    for cents in _values(rng):
        codigo += 1 + int(rng.random() * 7)
        nome = CLIENTES[int(rng.random() * len(CLIENTES))]
        dia = 1 + int(rng.random() * 30)
        quantidade = 1 + int(rng.random() * 120)
        pago = "Sim" if rng.random() < 0.7 else "Não"
        lines.append(
            f"{codigo:06d};{nome};{clientes[nome]};{dia:02d}/11/2026;{_brl(cents)};"
            f"{quantidade};{pago}"
        )
    lines += ["", f"Total;;;;{_brl(TOTAL_CENTS)};;"]
    return ("\r\n".join(lines) + "\r\n").encode("cp1252")


SAMPLES = {"vendas_exemplo.csv": vendas_exemplo}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare instead of writing")
    args = parser.parse_args(argv)
    stale = []
    for name, make in SAMPLES.items():
        path, data = HERE / name, make()
        if args.check:
            if not path.exists() or path.read_bytes() != data:
                stale.append(name)
        else:
            path.write_bytes(data)
            print(f"wrote {path} ({len(data)} bytes)")
    for name in stale:
        print(f"{name} differs from make_samples.py: run it to rewrite the file", file=sys.stderr)
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
