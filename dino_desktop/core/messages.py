"""Every message a person can see from the core, in English and Brazilian Portuguese.

Problems carry a code and parameters; this catalogue turns them into sentences that say
what happened, where, and what to do. The UI and the CLI both render through `render`.
"""

from __future__ import annotations

from typing import Any

from dino_desktop.core.message_texts import MESSAGES
from dino_desktop.core.models import Problem

__all__ = ["FIXES", "MESSAGES", "MODE_NAMES", "REASONS", "TERMS", "TYPE_NAMES", "fix_text",
           "location", "render", "type_label"]

Lang = str  # "en" | "pt_BR"

FIXES: dict[str, tuple[str, str]] = {
    "choose_other_file": ("Choose the original CSV, Excel, JSON, XML or Parquet file.",
                          "Escolha o arquivo original em CSV, Excel, JSON, XML ou Parquet."),
    "add_data": ("Export the data again; the file should have rows below the header.",
                 "Exporte os dados de novo; o arquivo deve ter linhas abaixo do cabeçalho."),
    "set_encoding": ("Pick the right encoding in the settings (for files saved by Excel on "
                     "Windows, usually Windows-1252).",
                     "Escolha a codificação certa nas configurações (para arquivos salvos pelo "
                     "Excel no Windows, geralmente Windows-1252)."),
    "set_delimiter": ("Pick the delimiter in the settings.",
                      "Escolha o delimitador nas configurações."),
    "set_header_row": ("Pick the header line in the settings.",
                       "Escolha a linha do cabeçalho nas configurações."),
    "fix_row": ("Correct the row in the source file, or choose to skip bad rows.",
                "Corrija a linha no arquivo de origem ou escolha ignorar linhas com problema."),
    "change_type": ("Correct the value, change the column type to text, or skip bad rows.",
                    "Corrija o valor, mude o tipo da coluna para texto ou ignore as linhas com "
                    "problema."),
    "set_date_format": ("Pick the date format in the settings if this is wrong.",
                        "Escolha o formato de data nas configurações se estiver errado."),
    "set_decimal": ("Pick the decimal separator in the settings if this is wrong.",
                    "Escolha o separador decimal nas configurações se estiver errado."),
    "rename_column": ("Give the column another name.", "Dê outro nome à coluna."),
    "undo_later_first": ("Undo the later runs first, newest first.",
                         "Desfaça antes as execuções posteriores, da mais nova para a mais "
                         "antiga."),
    "confirm_or_cancel": ("Confirm to go on, or cancel.", "Confirme para continuar ou cancele."),
    "pick_keys": ("Pick the key columns that identify a row.",
                  "Escolha as colunas-chave que identificam uma linha."),
    "fix_name": ("Use lower-case letters, digits and _ only, starting with a letter or _.",
                 "Use só letras minúsculas, dígitos e _, começando com letra ou _."),
    "pick_sheet": ("Pick one of the sheets listed.", "Escolha uma das planilhas listadas."),
    "split_file": ("Split the file, or ask IT to raise the size limit.",
                   "Divida o arquivo ou peça à TI para aumentar o limite de tamanho."),
    "check_file": ("Open the file in its program, save it again, and retry.",
                   "Abra o arquivo no programa de origem, salve-o de novo e tente outra vez."),
    "align_schema": ("Rename or cast the column to match the table, or load into a new table.",
                     "Renomeie ou converta a coluna para combinar com a tabela, ou carregue "
                     "numa tabela nova."),
    "allow_new_columns": ("Allow new columns for this table, or remove the column.",
                          "Permita colunas novas para esta tabela ou remova a coluna."),
    "check_network": ("Check the network (or VPN) and the Databricks address in the settings, "
                      "then retry the run.",
                      "Verifique a rede (ou VPN) e o endereço do Databricks nas configurações "
                      "e repita a execução."),
    "sign_in_again": ("Sign in again, or ask IT for access to the Databricks workspace and "
                      "job.",
                      "Entre de novo, ou peça à TI acesso ao workspace e ao job do "
                      "Databricks."),
    "check_job_settings": ("Check databricks_job_id in the settings, or ask IT.",
                           "Verifique databricks_job_id nas configurações, ou pergunte à TI."),
    "retry_run": ("Look at the details, then retry the run from the History tab.",
                  "Veja os detalhes e repita a execução pela aba Histórico."),
    "grant_cost_reader": ("Ask IT to give you (or DINO's app identity) the Cost Management "
                          "Reader role on that scope, in the Azure portal under Access control "
                          "(IAM); then sync again.",
                          "Peça à TI o papel Leitor de Gerenciamento de Custos (Cost Management "
                          "Reader) nesse escopo para você (ou para a identidade do DINO), no "
                          "portal do Azure em Controle de acesso (IAM); depois sincronize de "
                          "novo."),
    "azure_sign_in": ("Sign in to Azure again, then retry.",
                      "Entre no Azure de novo e tente outra vez."),
    "set_cost_scope": ("Set cost_scope (/subscriptions/<id>, or .../resourceGroups/<group>) or "
                       "subscription_id in the [azure] settings.",
                       "Defina cost_scope (/subscriptions/<id>, ou .../resourceGroups/<grupo>) "
                       "ou subscription_id nas configurações [azure]."),
    "set_cost_tag": ("Correct cost_tag in the [azure] settings (for example app=dino), or "
                     "leave it empty.",
                     "Corrija cost_tag nas configurações [azure] (por exemplo app=dino), ou "
                     "deixe em branco."),
    "set_currency": ("Set the [cost] currency to the one Azure bills in (and the price model's "
                     "prices in it), so estimated and actual costs compare.",
                     "Defina a moeda em [cost] como a da fatura do Azure (e os preços do "
                     "modelo nela), para comparar custos estimados e reais."),
    "set_sql_server": ("Set sql_server and sql_database (or sql_connection_string) in the "
                       "[azure] settings, and sign in.",
                       "Defina sql_server e sql_database (ou sql_connection_string) nas "
                       "configurações [azure], e entre no Azure."),
    "install_odbc_driver": ("Ask IT to install the Microsoft ODBC Driver 18 for SQL Server (on "
                            "Linux or macOS, unixODBC too).",
                            "Peça à TI para instalar o Microsoft ODBC Driver 18 for SQL Server "
                            "(no Linux ou macOS, também o unixODBC)."),
    "sql_grant_user": ("Sign in again; if it still fails, ask IT to create your user in the "
                       "database (CREATE USER [you@company.com] FROM EXTERNAL PROVIDER) with "
                       "read and write rights.",
                       "Entre de novo; se continuar falhando, peça à TI para criar seu usuário "
                       "no banco (CREATE USER [voce@empresa.com] FROM EXTERNAL PROVIDER) com "
                       "permissão de leitura e escrita."),
    "sql_check_network": ("Check the network or VPN, and ask IT whether the server's firewall "
                          "lets your network in (port 1433).",
                          "Verifique a rede ou a VPN, e pergunte à TI se o firewall do servidor "
                          "libera a sua rede (porta 1433)."),
    "sql_migrate": ("Open DINO once as a user allowed to change the schema (db_ddladmin), or "
                    "ask a DBA to run the migration script (alembic upgrade head --sql).",
                    "Abra o DINO uma vez com um usuário que possa alterar o esquema "
                    "(db_ddladmin), ou peça a um DBA para rodar o script de migração (alembic "
                    "upgrade head --sql)."),
    "ask_access": ("Ask IT, or the table's owner, to add you to DINO's access list for this "
                   "table; or choose another table.",
                   "Peça à TI, ou ao dono da tabela, para incluir você na lista de acesso do "
                   "DINO para esta tabela; ou escolha outra tabela."),
    "choose_allowed_mode": ("Choose one of those modes, or ask IT or the table's owner for "
                            "this one.",
                            "Escolha um desses modos, ou peça este à TI ou ao dono da "
                            "tabela."),
    "ingest_yourself": ("Load the file again yourself, as a new run.",
                        "Carregue o arquivo de novo você mesmo, como uma nova execução."),
    "ask_it_access_list": ("Ask IT to check the job's access list (DINO_ACCESS_LIST) and that "
                           "the job may read its own runs.",
                           "Peça à TI para verificar a lista de acesso do job "
                           "(DINO_ACCESS_LIST) e se o job pode ler as próprias execuções."),
}

# Words and reasons that travel in parameters, so every part of a sentence is translated.
TERMS: dict[str, tuple[str, str]] = {
    "catalog": ("catalog", "catálogo"),
    "database": ("database", "banco de dados"),
    "table": ("table", "tabela"),
}
REASONS: dict[str, tuple[str, str]] = {
    "empty": ("it is empty", "está vazio"),
    "too_long": ("it is longer than 128 characters", "tem mais de 128 caracteres"),
    "starts_with_digit": ("it starts with a digit", "começa com um dígito"),
    "uppercase": ("it has upper-case letters", "tem letras maiúsculas"),
    "bad_chars": ("it contains {chars}", "contém {chars}"),
    "edge_spaces": ("it has spaces at the ends", "tem espaços nas pontas"),
    "reserved": ("names starting with _dino_ are reserved",
                 "nomes que começam com _dino_ são reservados"),
    "used_twice": ("it is used twice", "está repetido"),
    "merge_needs_keys": ("merge needs key columns", "a mesclagem precisa de colunas-chave"),
    "not_a_column": ("the merge key is not a column", "a chave de mesclagem não é uma coluna"),
    "float_key": ("a floating-point key may not match exactly",
                  "uma chave de ponto flutuante pode não coincidir exatamente"),
    "unknown_type": ("unknown type", "tipo desconhecido"),
    "unknown_encoding": ("unknown encoding", "codificação desconhecida"),
    "folder": ("it is a folder", "é uma pasta"),
    "no_records_there": ("no records were found there", "nenhum registro foi encontrado ali"),
    "out_of_memory": ("not enough memory", "memória insuficiente"),
    "disk_full": ("the disk is full", "o disco está cheio"),
    "undo_no_table": ("the table does not exist", "a tabela não existe"),
    "undo_bad_version": ("that version is not an earlier version of the table",
                         "essa versão não é uma versão anterior da tabela"),
    "undo_table_changed": ("the table changed at the same time; look at its history and try "
                           "again", "a tabela mudou ao mesmo tempo; veja o histórico e tente "
                           "de novo"),
}

# Write modes inside sentences (access_mode_denied: "only by appending or merging").
MODE_NAMES: dict[str, tuple[str, str]] = {
    "append": ("appending", "acréscimo"),
    "overwrite": ("overwriting", "sobrescrita"),
    "merge": ("merging", "mesclagem"),
}

TYPE_NAMES: dict[str, tuple[str, str]] = {
    "string": ("text", "texto"),
    "bigint": ("whole number", "número inteiro"),
    "decimal": ("decimal number", "número decimal"),
    "double": ("number", "número"),
    "boolean": ("yes/no value", "valor sim/não"),
    "date": ("date", "data"),
    "timestamp": ("date and time", "data e hora"),
}


def _idx(lang: Lang) -> int:
    return 1 if lang.lower().startswith("pt") else 0


class _Safe(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def type_label(type_name: str, lang: Lang = "en") -> str:
    base = type_name.split("(")[0]
    pair = TYPE_NAMES.get(base)
    return pair[_idx(lang)] if pair else type_name


def render(problem: Problem, lang: Lang = "en", *, with_location: bool = True) -> str:
    """The sentence for a problem: what, where, and (if known) what to do."""
    pair = MESSAGES.get(problem.code)
    params = _Safe(problem.params)
    i = _idx(lang)
    if isinstance(params.get("type"), str):
        params["type"] = type_label(params["type"], lang)
    for key in ("file_type", "table_type"):  # both words and the exact type, for IT
        if isinstance(params.get(key), str):
            params[key] = f"{type_label(params[key], lang)} ({params[key]})"
    if params.get("kind") in TERMS:
        params["kind"] = TERMS[params["kind"]][i]
    if params.get("mode") in MODE_NAMES:
        params["mode"] = MODE_NAMES[params["mode"]][i]
    if isinstance(params.get("modes"), list):
        params["modes"] = _either([MODE_NAMES.get(m, (m, m))[i] for m in params["modes"]], i)
    if params.get("reason") in REASONS:
        params["reason"] = REASONS[params["reason"]][i].format_map(params)
    text = pair[_idx(lang)].format_map(params) if pair else f"{problem.code}: {problem.params}"
    where = location(problem, lang) if with_location else ""
    fix = fix_text(problem.fix, lang)
    if problem.params.get("suggestion"):
        fix += (" Sugestão: '{}'." if i else " Suggestion: '{}'.").format(
            problem.params["suggestion"])
    return " ".join(part for part in (where, text, fix.strip()) if part)


def _either(words: list[str], i: int) -> str:
    """"a", "a or b", "a, b or c" (in the language at index i)."""
    if len(words) < 2:
        return "".join(words)
    return ", ".join(words[:-1]) + (" ou " if i else " or ") + words[-1]


def location(problem: Problem, lang: Lang = "en") -> str:
    pt = _idx(lang) == 1
    bits = []
    if problem.row is not None:
        bits.append(f"{'Linha' if pt else 'Row'} {problem.row}")
    if problem.column is not None:
        bits.append(f"{'coluna' if pt else 'column'} '{problem.column}'")
    return (", ".join(bits) + ":") if bits else ""


def fix_text(fix: str | None, lang: Lang = "en") -> str:
    if not fix or fix not in FIXES:
        return ""
    return FIXES[fix][_idx(lang)]
