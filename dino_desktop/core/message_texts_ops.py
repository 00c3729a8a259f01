"""What unattended work says: automation rules and the watcher, the access list, alerts.

Problem code -> (English, Português), merged into message_texts.MESSAGES.
"""

# code -> (English, Português)
OPERATION_MESSAGES: dict[str, tuple[str, str]] = {
    # automation rules (core/rules.py) and what the watcher reports (services/automation.py)
    "rule_not_a_table": ("Rule {index} is not a table of settings: write each rule as "
                         "[[rules]] with name, folder, database, table ...",
                         "A regra {index} não é uma tabela de configurações: escreva cada "
                         "regra como [[rules]] com name, folder, database, table ..."),
    "rule_name_missing": ("Rule {index} has no name (or one longer than {max} characters): "
                          "give each rule a short name of its own.",
                          "A regra {index} não tem nome (ou tem um nome com mais de {max} "
                          "caracteres): dê a cada regra um nome curto e só dela."),
    "rule_name_duplicate": ("Two rules are named '{rule}': each rule needs a name of its own.",
                            "Há duas regras com o nome '{rule}': cada regra precisa de um nome "
                            "só dela."),
    "rule_setting_missing": ("Rule '{rule}' needs '{setting}'.",
                             "A regra '{rule}' precisa de '{setting}'."),
    "rule_setting_unknown": ("Rule '{rule}' has a setting DINO does not know: '{setting}' "
                             "(known: {known}).",
                             "A regra '{rule}' tem uma configuração que o DINO não conhece: "
                             "'{setting}' (conhecidas: {known})."),
    "rule_value_invalid": ("Rule '{rule}': {setting} = {value} cannot be used; expected "
                           "{expected}.",
                           "Regra '{rule}': {setting} = {value} não pode ser usado; esperado: "
                           "{expected}."),
    "rule_cron_invalid": ("Rule '{rule}': the schedule '{schedule}' is not a valid cron "
                          "expression (minute hour day month weekday, e.g. '0 7 * * 1-5' for "
                          "7:00 on weekdays).",
                          "Regra '{rule}': o agendamento '{schedule}' não é uma expressão cron "
                          "válida (minuto hora dia mês dia-da-semana, p. ex. '0 7 * * 1-5' "
                          "para 7:00 nos dias úteis)."),
    "rule_pattern_invalid": ("Rule '{rule}': the file pattern '{pattern}' must be a file name "
                             "pattern such as '*.csv' or 'vendas_*.xlsx', without folders.",
                             "Regra '{rule}': o padrão de arquivo '{pattern}' deve ser um "
                             "padrão de nome de arquivo como '*.csv' ou 'vendas_*.xlsx', sem "
                             "pastas."),
    "rule_folder_relative": ("Rule '{rule}': the folder '{folder}' must be a full path, such as "
                             "C:\\Dados\\Vendas, \\\\server\\share\\vendas or /srv/vendas.",
                             "Regra '{rule}': a pasta '{folder}' deve ser um caminho completo, "
                             "como C:\\Dados\\Vendas, \\\\servidor\\compartilhamento\\vendas ou "
                             "/srv/vendas."),
    "rule_folder_missing": ("Rule '{rule}': the folder {folder} does not exist or cannot be "
                            "reached now; DINO keeps trying at every scan.",
                            "Regra '{rule}': a pasta {folder} não existe ou não está acessível "
                            "agora; o DINO tenta de novo a cada varredura."),
    "auto_watching": ("Watching {count} rule(s): {rules}. Ctrl+C stops.",
                      "Observando {count} regra(s): {rules}. Ctrl+C para."),
    "auto_once": ("One pass over {count} rule(s): {rules}.",
                  "Uma passada por {count} regra(s): {rules}."),
    "auto_no_rules": ("No automation rule can run: add [[rules]] to the configuration (see "
                      "Automation in the README) or correct the ones reported.",
                      "Nenhuma regra de automação pode ser executada: adicione [[rules]] à "
                      "configuração (veja Automação no README) ou corrija as regras "
                      "indicadas."),
    "auto_rule_unknown": ("There is no rule named '{rule}'. Rules: {rules}.",
                          "Não existe regra chamada '{rule}'. Regras: {rules}."),
    "auto_rule_invalid": ("Rule '{rule}' is not used until it is corrected:",
                          "A regra '{rule}' não é usada até ser corrigida:"),
    "auto_rule_disabled": ("Rule '{rule}' is disabled (enabled = false).",
                           "A regra '{rule}' está desativada (enabled = false)."),
    "auto_schedule_due": ("Rule '{rule}': scheduled time; looking for files in {folder}.",
                          "Regra '{rule}': horário agendado; procurando arquivos em {folder}."),
    "auto_no_files": ("Rule '{rule}': no new files in {folder}.",
                      "Regra '{rule}': nenhum arquivo novo em {folder}."),
    "auto_waiting": ("Rule '{rule}': {file} is still being written or is open in another "
                     "program; DINO takes it when it is complete.",
                     "Regra '{rule}': {file} ainda está sendo gravado ou está aberto em outro "
                     "programa; o DINO o pega quando estiver completo."),
    "auto_incomplete": ("Rule '{rule}': {file} was still being written; it is left for the "
                        "next run.",
                        "Regra '{rule}': {file} ainda estava sendo gravado; fica para a "
                        "próxima execução."),
    "auto_run_started": ("Rule '{rule}': loading {file} into {target}.",
                         "Regra '{rule}': carregando {file} em {target}."),
    "auto_run_succeeded": ("Rule '{rule}': {file} → {target}: {rows} row(s) written (run "
                           "{run_id}); the file was moved to {moved_to}.",
                           "Regra '{rule}': {file} → {target}: {rows} linha(s) gravada(s) "
                           "(execução {run_id}); o arquivo foi movido para {moved_to}."),
    "auto_run_failed": ("Rule '{rule}': loading {file} into {target} failed (run {run_id}); "
                        "the file was moved to {moved_to}. See the run in History:",
                        "Regra '{rule}': a carga de {file} em {target} falhou (execução "
                        "{run_id}); o arquivo foi movido para {moved_to}. Veja a execução no "
                        "Histórico:"),
    "auto_duplicate": ("Rule '{rule}': {file} was already loaded into {target} by run "
                       "{run_id} on {at}; it was not loaded again and was moved to "
                       "{moved_to}.",
                       "Regra '{rule}': {file} já foi carregado em {target} pela execução "
                       "{run_id} em {at}; não foi carregado de novo e foi movido para "
                       "{moved_to}."),
    "auto_run_cancelled": ("Rule '{rule}': loading {file} was cancelled; the file stays where "
                           "it is and is taken next time.",
                           "Regra '{rule}': a carga de {file} foi cancelada; o arquivo fica "
                           "onde está e será pego na próxima vez."),
    "auto_move_failed": ("Rule '{rule}': {file} could not be moved to {folder} ({reason}); "
                         "move it by hand. DINO does not load it again meanwhile.",
                         "Regra '{rule}': não foi possível mover {file} para {folder} "
                         "({reason}); mova-o manualmente. Enquanto isso, o DINO não o carrega "
                         "de novo."),
    "auto_folder_missing": ("Rule '{rule}': the folder {folder} cannot be reached ({reason}); "
                            "DINO tries again at the next scan.",
                            "Regra '{rule}': a pasta {folder} não está acessível ({reason}); o "
                            "DINO tenta de novo na próxima varredura."),
    "auto_folder_back": ("Rule '{rule}': the folder {folder} can be reached again.",
                         "Regra '{rule}': a pasta {folder} está acessível de novo."),
    "auto_rule_error": ("Rule '{rule}' stopped on an unexpected error ({reason}); the other "
                        "rules go on, and this one is tried again at the next scan.",
                        "A regra '{rule}' parou num erro inesperado ({reason}); as outras "
                        "regras continuam, e esta é tentada de novo na próxima varredura."),
    "auto_stopping": ("Stopping: a file being loaded is cancelled and stays in its folder.",
                      "Parando: um arquivo em carga é cancelado e fica na sua pasta."),
    "auto_stopped": ("Stopped watching.", "Observação encerrada."),
    # who may write where (core/access.py; the Databricks job checks the same list again)
    "access_denied": ("DINO's access list does not let {user} write to table {target}.",
                      "A lista de acesso do DINO não permite que {user} grave na tabela "
                      "{target}."),
    "access_mode_denied": ("DINO's access list lets {user} write to table {target} only by "
                           "{modes}, not by {mode}.",
                           "A lista de acesso do DINO permite que {user} grave na tabela "
                           "{target} só por {modes}, não por {mode}."),
    "access_user_mismatch": ("Run {run_id} was prepared by {user} but started by "
                             "{trigger_user}; DINO writes a run only for the person who "
                             "prepared it.",
                             "A execução {run_id} foi preparada por {user}, mas iniciada por "
                             "{trigger_user}; o DINO só grava uma execução para quem a "
                             "preparou."),
    "access_check_failed": ("The Databricks job could not check who may write where "
                            "({reason}); nothing was written.",
                            "O job do Databricks não conseguiu verificar quem pode gravar onde "
                            "({reason}); nada foi gravado."),
    # alerts (core/alert_text.py renders them; the same words on every channel)
    "alert_title_failed": ("DINO: the run into {target} failed",
                           "DINO: a execução em {target} falhou"),
    "alert_title_succeeded": ("DINO: the run into {target} succeeded",
                              "DINO: a execução em {target} foi concluída"),
    "alert_summary_failed": ("Loading {file} into {target} failed.",
                             "A carga de {file} em {target} falhou."),
    "alert_summary_succeeded": ("{file} was loaded into {target}.",
                                "{file} foi carregado em {target}."),
    "alert_status_failed": ("failed", "falhou"),
    "alert_status_succeeded": ("succeeded", "concluída"),
    "alert_label_status": ("Result", "Resultado"),
    "alert_label_run": ("Run", "Execução"),
    "alert_label_file": ("File", "Arquivo"),
    "alert_label_target": ("Table", "Tabela"),
    "alert_label_rule": ("Rule", "Regra"),
    "alert_label_error": ("Error", "Erro"),
    "alert_label_link": ("History", "Histórico"),
    "alert_test_error": ("This is a test alert sent by `dino alerts test`; nothing failed.",
                         "Este é um alerta de teste enviado por `dino alerts test`; nada "
                         "falhou."),
    "alert_sent": ("Sent by {channel}.", "Enviado por {channel}."),
    "alert_send_failed": ("The alert could not be sent by {channel}: {reason}.",
                          "Não foi possível enviar o alerta por {channel}: {reason}."),
    "alert_no_channel": ("No alert channel was chosen: name a webhook (--webhook) or an "
                         "address (--email).",
                         "Nenhum canal de alerta foi escolhido: informe um webhook (--webhook) "
                         "ou um endereço (--email)."),
    "alert_webhook_saved": ("The URL of the webhook '{name}' is kept in the OS keyring.",
                            "A URL do webhook '{name}' foi guardada no chaveiro do sistema."),
    "alert_webhook_removed": ("The webhook '{name}' was removed from the OS keyring.",
                              "O webhook '{name}' foi removido do chaveiro do sistema."),
    "alert_webhook_missing": ("No URL is kept for the webhook '{name}'.",
                              "Nenhuma URL está guardada para o webhook '{name}'."),
    "alert_webhook_invalid": ("A webhook URL must start with https:// (or http:// for a local "
                              "test receiver).",
                              "A URL de um webhook deve começar com https:// (ou http:// para "
                              "um receptor local de teste)."),
    "alert_password_saved": ("The SMTP password of {user} is kept in the OS keyring.",
                             "A senha SMTP de {user} foi guardada no chaveiro do sistema."),
    "alert_keyring_unavailable": ("The OS keyring cannot be used here ({reason}).",
                                  "O chaveiro do sistema não pode ser usado aqui ({reason})."),
    "alert_smtp_missing": ("E-mail alerts need smtp_host and smtp_from in the [alerts] "
                           "settings.",
                           "Alertas por e-mail precisam de smtp_host e smtp_from nas "
                           "configurações [alerts]."),
}
