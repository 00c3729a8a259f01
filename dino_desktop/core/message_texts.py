"""What each problem says: problem code -> (English, Português), with {parameters}.

Only the sentences; `messages.render` adds where (line, column) and what to do (FIXES).
"""

from dino_desktop.core.message_texts_ops import OPERATION_MESSAGES

# code -> (English, Português)
MESSAGES: dict[str, tuple[str, str]] = {
    "file_not_found": ("File not found: {path}.", "Arquivo não encontrado: {path}."),
    "file_unreadable": ("The file cannot be read: {reason}.",
                        "Não foi possível ler o arquivo: {reason}."),
    "file_empty": ("The file is empty.", "O arquivo está vazio."),
    "file_header_only": ("The file has a header but no data rows.",
                         "O arquivo tem cabeçalho, mas nenhuma linha de dados."),
    "file_binary": ("This looks like a binary file, not text ({reason}).",
                    "Parece um arquivo binário, não texto ({reason})."),
    "file_unsupported": ("Files of type '{extension}' are not supported.",
                         "Arquivos do tipo '{extension}' não são suportados."),
    "file_too_large": ("The file has {size_mb} MB; the limit is {limit_mb} MB.",
                       "O arquivo tem {size_mb} MB; o limite é {limit_mb} MB."),
    "encoding_guessed": ("The text encoding was guessed as {encoding}; check accents in the "
                         "preview.",
                         "A codificação do texto foi deduzida como {encoding}; confira os "
                         "acentos na pré-visualização."),
    "encoding_invalid": ("Bytes at position {offset} are not valid {encoding}.",
                         "Bytes na posição {offset} não são {encoding} válido."),
    "delimiter_guessed": ("The column delimiter could not be decided with certainty; using "
                          "{delimiter}.",
                          "Não foi possível decidir o delimitador de colunas com certeza; "
                          "usando {delimiter}."),
    "header_missing": ("No header line was found; columns are named col_1 to col_{count}.",
                       "Nenhuma linha de cabeçalho encontrada; as colunas se chamam col_1 a "
                       "col_{count}."),
    "lines_skipped_top": ("{count} line(s) above the header were skipped (title or blank).",
                          "{count} linha(s) acima do cabeçalho foram ignoradas (título ou em "
                          "branco)."),
    "lines_skipped_bottom": ("{count} line(s) after the data were skipped (totals, notes or "
                             "blank).",
                             "{count} linha(s) após os dados foram ignoradas (totais, notas ou "
                             "em branco)."),
    "ragged_row": ("Row has {found} fields; the header has {expected}.",
                   "A linha tem {found} campos; o cabeçalho tem {expected}."),
    "forced_type_bad_values": (
        "{count} sampled values of column '{column}' are not a valid {type}, e.g. '{example}'. "
        "As it is, they would stop the run (or be left out with 'skip bad rows').",
        "{count} valores da amostra da coluna '{column}' não são um {type} válido, p. ex. "
        "'{example}'. Assim, eles interromperiam a execução (ou ficariam de fora com "
        "'pular linhas com erro')."),
    "bad_value": ("Value '{value}' is not a valid {type}.",
                  "O valor '{value}' não é um {type} válido."),
    "bad_rows_found": ("{count} row(s) do not fit their column types or field count.",
                       "{count} linha(s) não se encaixam nos tipos das colunas ou no número "
                       "de campos."),
    "bad_rows_skipped": ("{count} bad row(s) were left out and saved in {file}.",
                         "{count} linha(s) com problema foram deixadas de fora e salvas em "
                         "{file}."),
    "date_order_ambiguous": ("Dates like {example} could be day-first or month-first; "
                             "assuming {order}.",
                             "Datas como {example} podem ser dia/mês ou mês/dia; assumindo "
                             "{order}."),
    "decimal_ambiguous": ("Numbers like {example} could use '{decimal}' as decimal "
                          "separator or as thousands separator; assuming decimal '{decimal}'.",
                          "Números como {example} podem usar '{decimal}' como separador "
                          "decimal ou de milhar; assumindo decimal '{decimal}'."),
    "leading_zeros_text": ("Values keep leading zeros (e.g. {example}), so the column stays "
                           "text.",
                           "Os valores têm zeros à esquerda (ex.: {example}), então a coluna "
                           "fica como texto."),
    "column_renamed": ("Column '{source}' is named '{name}' in the table.",
                       "A coluna '{source}' se chama '{name}' na tabela."),
    "column_name_invalid": ("Column name '{name}' is not allowed: {reason}.",
                            "O nome de coluna '{name}' não é permitido: {reason}."),
    "name_invalid": ("The {kind} name '{name}' is not valid: {reason}.",
                     "O nome de {kind} '{name}' não é válido: {reason}."),
    "sheet_not_found": ("There is no sheet named '{sheet}'. Sheets: {sheets}.",
                        "Não existe planilha chamada '{sheet}'. Planilhas: {sheets}."),
    "sheet_empty": ("Every sheet in the workbook is empty.",
                    "Todas as planilhas da pasta de trabalho estão vazias."),
    "json_invalid": ("The JSON is not valid near record {record}: {reason}.",
                     "O JSON não é válido perto do registro {record}: {reason}."),
    "xml_invalid": ("The XML is not valid: {reason}.", "O XML não é válido: {reason}."),
    "no_records": ("No repeated records were found in the file.",
                   "Nenhum registro repetido foi encontrado no arquivo."),
    "records_ambiguous": ("Records were found in several places ({paths}); using '{path}'. "
                          "Pick another record path in the settings if this is wrong.",
                          "Foram encontrados registros em vários lugares ({paths}); usando "
                          "'{path}'. Escolha outro caminho de registros nas configurações se "
                          "estiver errado."),
    "record_unexpected_field": ("Record has field(s) {fields} not seen in the sample.",
                                "O registro tem campo(s) {fields} que não apareceram na "
                                "amostra."),
    "schema_missing_column": ("The table has column '{column}' ({type}), which the file lacks; "
                              "it will be empty for these rows.",
                              "A tabela tem a coluna '{column}' ({type}), que o arquivo não "
                              "tem; ela ficará vazia nestas linhas."),
    "schema_new_column": ("Column '{column}' ({type}) is new to the table.",
                          "A coluna '{column}' ({type}) é nova na tabela."),
    "schema_new_column_refused": ("Column '{column}' is new to the table, and the table does "
                                  "not accept new columns.",
                                  "A coluna '{column}' é nova na tabela, e a tabela não aceita "
                                  "colunas novas."),
    "schema_type_conflict": ("Column '{column}' is {file_type} in the file but {table_type} in "
                             "the table.",
                             "A coluna '{column}' é {file_type} no arquivo, mas {table_type} na "
                             "tabela."),
    "schema_required_missing": ("The table requires column '{column}', which the file lacks.",
                                "A tabela exige a coluna '{column}', que o arquivo não tem."),
    "override_invalid": ("The setting {setting}={value} cannot be used: {reason}.",
                         "A configuração {setting}={value} não pode ser usada: {reason}."),
    "cancelled": ("Cancelled; nothing was written.", "Cancelado; nada foi gravado."),
    "run_not_found": ("There is no run {run_id}.", "Não existe a execução {run_id}."),
    "retry_refused": ("Run {run_id} is {state}; only failed or cancelled runs can be retried.",
                      "A execução {run_id} está {state}; só execuções com falha ou canceladas "
                      "podem ser repetidas."),
    "retry_source_missing": ("The source file {path} is no longer there to retry from.",
                             "O arquivo de origem {path} não está mais lá para repetir."),
    "undo_refused_state": ("Run {run_id} is {state}; only a succeeded run can be undone.",
                           "A execução {run_id} está {state}; só uma execução bem-sucedida "
                           "pode ser desfeita."),
    "undo_refused_later": ("Run {run_id} cannot be undone: later changes to the table would be "
                           "lost ({later}).",
                           "A execução {run_id} não pode ser desfeita: alterações posteriores "
                           "na tabela seriam perdidas ({later})."),
    "run_interrupted": ("The run was interrupted (app closed or crashed while {state}); the "
                        "table was not changed.",
                        "A execução foi interrompida (aplicativo fechado ou travado durante "
                        "{state}); a tabela não foi alterada."),
    "confirm_overwrite": ("Table {table} exists: overwriting replaces all of its rows.",
                          "A tabela {table} existe: sobrescrever substitui todas as linhas."),
    "confirm_duplicate": ("This same file was already loaded into {table} on {at} by {user} "
                          "(run {run_id}).",
                          "Este mesmo arquivo já foi carregado em {table} em {at} por {user} "
                          "(execução {run_id})."),
    "profile_unavailable": ("The {profile} profile is not available in this version.",
                            "O perfil {profile} não está disponível nesta versão."),
    "upload_failed": ("Uploading {file} to the landing container failed: {reason}.",
                      "O envio de {file} para o contêiner de landing falhou: {reason}."),
    "upload_checksum": ("The landing container kept rejecting {file}: its checksum did not "
                        "match after several tries ({reason}).",
                        "O contêiner de landing continuou recusando {file}: a soma de "
                        "verificação não conferiu após várias tentativas ({reason})."),
    "doctor_failed": ("The {check} check failed unexpectedly: {reason}.",
                      "A verificação de {check} falhou de forma inesperada: {reason}."),
    "config_invalid": ("The configuration cannot be used: {reason}.",
                       "A configuração não pode ser usada: {reason}."),
    "merge_keys_missing": ("Merge needs at least one key column.",
                           "A mesclagem precisa de pelo menos uma coluna-chave."),
    "merge_key_unknown": ("Key column(s) {keys} are not in the file. Columns: {columns}.",
                          "A(s) coluna(s)-chave {keys} não estão no arquivo. Colunas: {columns}."),
    "table_merge_duplicate_keys": ("Key column(s) {keys} do not identify one row each: {count} "
                                   "key value(s) appear more than once in the file (for "
                                   "example {example}). Nothing was written to {table}.",
                                   "A(s) coluna(s)-chave {keys} não identificam uma linha cada: "
                                   "{count} valor(es) de chave aparecem mais de uma vez no "
                                   "arquivo (por exemplo {example}). Nada foi gravado em "
                                   "{table}."),
    "table_write_failed": ("Writing to table {table} failed: {reason}. The table was left as it "
                           "was.",
                           "A gravação na tabela {table} falhou: {reason}. A tabela ficou como "
                           "estava."),
    "table_busy": ("Table {table} is being changed by another ingestion; DINO tried {attempts} "
                   "times. Nothing was written; try again in a minute.",
                   "A tabela {table} está sendo alterada por outra ingestão; o DINO tentou "
                   "{attempts} vezes. Nada foi gravado; tente de novo em um minuto."),
    "undo_refused": ("The run cannot be undone on table {table}: {reason}.",
                     "Não é possível desfazer a execução na tabela {table}: {reason}."),
    # the Databricks engine (azure profile)
    "engine_failed": ("The Databricks job failed ({state}): {message}. The table was left as "
                      "it was. Details: {url}",
                      "O job do Databricks falhou ({state}): {message}. A tabela ficou como "
                      "estava. Detalhes: {url}"),
    "engine_timeout": ("Databricks stopped the job at its time limit ({state}): {message}. "
                       "Details: {url}",
                       "O Databricks interrompeu o job no limite de tempo ({state}): "
                       "{message}. Detalhes: {url}"),
    "engine_wait_timeout": ("The Databricks job did not finish within {minutes} minutes; DINO "
                            "cancelled it. Details: {url}",
                            "O job do Databricks não terminou em {minutes} minutos; o DINO o "
                            "cancelou. Detalhes: {url}"),
    "engine_cancelled": ("The Databricks job was cancelled in Databricks ({state}): {message}. "
                         "Details: {url}",
                         "O job do Databricks foi cancelado no Databricks ({state}): "
                         "{message}. Detalhes: {url}"),
    "engine_skipped": ("Databricks skipped the job ({state}): {message}. Details: {url}",
                       "O Databricks pulou o job ({state}): {message}. Detalhes: {url}"),
    "engine_unreachable": ("Databricks at {host} cannot be reached: {reason}.",
                           "Não foi possível acessar o Databricks em {host}: {reason}."),
    "engine_auth": ("Databricks at {host} refused the sign-in or the request: {message}.",
                    "O Databricks em {host} recusou o login ou a solicitação: {message}."),
    "engine_job_missing": ("Databricks job {job_id} does not exist at {host}, or you may not "
                           "see it: {message}.",
                           "O job {job_id} do Databricks não existe em {host}, ou você não tem "
                           "acesso a ele: {message}."),
    "engine_result_missing": ("The Databricks job for run {run_id} ended, but its result "
                              "cannot be read ({reason}). Details: {url}",
                              "O job do Databricks da execução {run_id} terminou, mas o "
                              "resultado não pode ser lido ({reason}). Detalhes: {url}"),
    "engine_action_unknown": ("The Databricks job was asked to do '{action}', which it does "
                              "not know: the job deployed is older or newer than this app. "
                              "Ask IT to deploy the job that goes with this version.",
                              "O job do Databricks recebeu a ação '{action}', que ele não "
                              "conhece: o job instalado é de outra versão do app. Peça à TI "
                              "para instalar o job desta versão."),
    "engine_run_id_mismatch": ("The Databricks job was started for run {run_id} but found the "
                               "manifest of run {manifest_run_id}. Retry the run from History.",
                               "O job do Databricks foi iniciado para a execução {run_id}, mas "
                               "encontrou o manifesto da execução {manifest_run_id}. Tente de "
                               "novo pelo Histórico."),
    "engine_sql_failed": ("A statement on the Databricks SQL warehouse {warehouse} failed: "
                          "{message}.",
                          "Um comando no SQL warehouse {warehouse} do Databricks falhou: "
                          "{message}."),
    "engine_api_error": ("Databricks at {host} answered with an error: {message}.",
                         "O Databricks em {host} respondeu com um erro: {message}."),
    # Azure Cost Management (azure profile: dino sync-costs)
    "costs_forbidden": ("Azure Cost Management refused to show the costs of {scope} ({reason}).",
                        "O Azure Cost Management recusou mostrar os custos de {scope} "
                        "({reason})."),
    "costs_unauthorized": ("Azure did not accept the sign-in for Cost Management on {scope}: "
                           "{reason}.",
                           "O Azure não aceitou o login no Cost Management de {scope}: "
                           "{reason}."),
    "costs_scope_missing": ("No cost scope is set: DINO does not know which subscription's "
                            "costs to read.",
                            "Nenhum escopo de custos foi definido: o DINO não sabe de qual "
                            "assinatura ler os custos."),
    "costs_scope_not_found": ("The cost scope {scope} does not exist, or you cannot see it.",
                              "O escopo de custos {scope} não existe, ou você não tem acesso a "
                              "ele."),
    "costs_tag_invalid": ("The cost tag '{tag}' is not valid: write it as name=value.",
                          "A tag de custos '{tag}' não é válida: escreva como nome=valor."),
    "costs_throttled": ("Azure Cost Management is busy and asked DINO to wait {seconds} s; "
                        "nothing was synced. Try again later.",
                        "O Azure Cost Management está ocupado e pediu para esperar {seconds} s; "
                        "nada foi sincronizado. Tente de novo mais tarde."),
    "costs_query_refused": ("Azure Cost Management refused the cost query on {scope}: {reason}.",
                            "O Azure Cost Management recusou a consulta de custos em {scope}: "
                            "{reason}."),
    "costs_unavailable": ("Azure Cost Management cannot be reached or answered with an error "
                          "({reason}); nothing was synced. Try again later.",
                          "Não foi possível acessar o Azure Cost Management, ou ele respondeu "
                          "com um erro ({reason}); nada foi sincronizado. Tente de novo mais "
                          "tarde."),
    "costs_currency_mismatch": ("Azure reports the costs in {found}, but DINO is set to "
                                "{expected}; the actual costs were not recorded.",
                                "O Azure informa os custos em {found}, mas o DINO está "
                                "configurado em {expected}; os custos reais não foram "
                                "gravados."),
    # the run log on Azure SQL (azure profile)
    "sql_not_configured": ("The run log on Azure SQL is not configured: the server and "
                           "database (or a connection string) are missing.",
                           "O registro de execuções no Azure SQL não está configurado: faltam "
                           "o servidor e o banco (ou uma connection string)."),
    "sql_driver_missing": ("The ODBC driver '{driver}' for SQL Server is not installed or "
                           "cannot be loaded ({reason}).",
                           "O driver ODBC '{driver}' do SQL Server não está instalado ou não "
                           "pode ser carregado ({reason})."),
    "sql_login_failed": ("The Azure SQL database {database} on {server} refused the sign-in: "
                         "{reason}.",
                         "O banco Azure SQL {database} em {server} recusou o login: {reason}."),
    "sql_unreachable": ("The Azure SQL server {server} cannot be reached: {reason}.",
                        "Não foi possível acessar o servidor Azure SQL {server}: {reason}."),
    "sql_not_migrated": ("The run log in {database} is at schema revision {found}; this "
                         "version of DINO needs {expected}.",
                         "O registro de execuções em {database} está na revisão {found} do "
                         "esquema; esta versão do DINO precisa da {expected}."),
    **OPERATION_MESSAGES,
}
