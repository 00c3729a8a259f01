<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="pt_BR" sourcelanguage="en">
  <context>
    <name>AutomationDialog</name>
    <message>
      <source>Automation rules</source>
      <translation>Regras de automação</translation>
    </message>
  </context>
  <context>
    <name>DetectedSettings</name>
    <message>
      <source>Detected settings</source>
      <translation>Configurações detectadas</translation>
    </message>
    <message>
      <source>S&amp;heet:</source>
      <translation>&amp;Planilha:</translation>
    </message>
    <message>
      <source>&amp;Encoding:</source>
      <translation>C&amp;odificação:</translation>
    </message>
    <message>
      <source>&amp;Delimiter:</source>
      <translation>&amp;Delimitador:</translation>
    </message>
    <message>
      <source>Header &amp;row:</source>
      <translation>&amp;Linha do cabeçalho:</translation>
    </message>
    <message>
      <source>Decimal se&amp;parator:</source>
      <translation>Separador &amp;decimal:</translation>
    </message>
    <message>
      <source>Date &amp;format:</source>
      <translation>&amp;Formato de data:</translation>
    </message>
    <message>
      <source>no header</source>
      <translation>sem cabeçalho</translation>
    </message>
    <message>
      <source>Detect &amp;again</source>
      <translation>Detectar &amp;novamente</translation>
    </message>
    <message>
      <source>Forget your changes and let DINO detect everything</source>
      <translation>Descartar suas alterações e deixar o DINO detectar tudo</translation>
    </message>
    <message>
      <source>Semicolon (;)</source>
      <translation>Ponto e vírgula (;)</translation>
    </message>
    <message>
      <source>Comma (,)</source>
      <translation>Vírgula (,)</translation>
    </message>
    <message>
      <source>Tab</source>
      <translation>Tabulação</translation>
    </message>
    <message>
      <source>Pipe (|)</source>
      <translation>Barra vertical (|)</translation>
    </message>
    <message>
      <source>Space</source>
      <translation>Espaço</translation>
    </message>
    <message>
      <source>Comma (1.234,56)</source>
      <translation>Vírgula (1.234,56)</translation>
    </message>
    <message>
      <source>Point (1,234.56)</source>
      <translation>Ponto (1,234.56)</translation>
    </message>
    <message>
      <source>Your choice</source>
      <translation>Escolha sua</translation>
    </message>
    <message>
      <source>Detected by DINO</source>
      <translation>Detectado pelo DINO</translation>
    </message>
  </context>
  <context>
    <name>DropZone</name>
    <message>
      <source>&lt;b&gt;Drop a file here&lt;/b&gt;</source>
      <translation>&lt;b&gt;Solte um arquivo aqui&lt;/b&gt;</translation>
    </message>
    <message>
      <source>CSV, TXT, Excel (.xlsx), JSON, XML or Parquet. DINO finds the encoding, delimiter, header and types by itself.</source>
      <translation>CSV, TXT, Excel (.xlsx), JSON, XML ou Parquet. O DINO descobre sozinho a codificação, o delimitador, o cabeçalho e os tipos.</translation>
    </message>
    <message>
      <source>&amp;Choose file…</source>
      <translation>&amp;Escolher arquivo…</translation>
    </message>
    <message>
      <source>Drop a file, or press Enter to choose one</source>
      <translation>Solte um arquivo ou pressione Enter para escolher um</translation>
    </message>
    <message>
      <source>File drop zone</source>
      <translation>Área para soltar arquivos</translation>
    </message>
    <message>
      <source>Choose a file to load</source>
      <translation>Escolha um arquivo para carregar</translation>
    </message>
    <message>
      <source>Data files (%1);;All files (*)</source>
      <translation>Arquivos de dados (%1);;Todos os arquivos (*)</translation>
    </message>
  </context>
  <context>
    <name>FailuresView</name>
    <message>
      <source>Counting failures…</source>
      <translation>Contando as falhas…</translation>
    </message>
    <message>
      <source>The failures could not be counted: %1</source>
      <translation>Não foi possível contar as falhas: %1</translation>
    </message>
    <message>
      <source>Unexpected error</source>
      <translation>Erro inesperado</translation>
    </message>
    <message>
      <source>No failed runs in this period.</source>
      <translation>Nenhuma execução falhou neste período.</translation>
    </message>
    <message>
      <source>%1 failed runs, %2 causes</source>
      <translation>%1 execuções com falha, %2 causas</translation>
    </message>
    <message>
      <source>Failures per day</source>
      <translation>Falhas por dia</translation>
    </message>
    <message>
      <source>Last 7 days</source>
      <translation>Últimos 7 dias</translation>
    </message>
    <message>
      <source>Last 30 days</source>
      <translation>Últimos 30 dias</translation>
    </message>
    <message>
      <source>Last 90 days</source>
      <translation>Últimos 90 dias</translation>
    </message>
    <message>
      <source>All time</source>
      <translation>Todo o período</translation>
    </message>
    <message>
      <source>Cause</source>
      <translation>Causa</translation>
    </message>
    <message>
      <source>Failures</source>
      <translation>Falhas</translation>
    </message>
    <message>
      <source>Last failure</source>
      <translation>Última falha</translation>
    </message>
    <message>
      <source>Show these runs</source>
      <translation>Mostrar estas execuções</translation>
    </message>
    <message>
      <source>List the failed runs with this cause (Enter)</source>
      <translation>Listar as execuções que falharam por esta causa (Enter)</translation>
    </message>
    <message>
      <source>Causes of failure</source>
      <translation>Causas de falha</translation>
    </message>
  </context>
  <context>
    <name>HeaderEditor</name>
    <message>
      <source>Column name in the table</source>
      <translation>Nome da coluna na tabela</translation>
    </message>
    <message>
      <source>Column type</source>
      <translation>Tipo da coluna</translation>
    </message>
    <message>
      <source>Apply (Enter)</source>
      <translation>Aplicar (Enter)</translation>
    </message>
    <message>
      <source>Not a valid name: %1</source>
      <translation>Nome inválido: %1</translation>
    </message>
  </context>
  <context>
    <name>HistoryTab</name>
    <message>
      <source>The run history could not be read: %1</source>
      <translation>Não foi possível ler o histórico de execuções: %1</translation>
    </message>
    <message>
      <source>&amp;Retry</source>
      <translation>&amp;Reexecutar</translation>
    </message>
    <message>
      <source>Run a failed or cancelled run again (Ctrl+R)</source>
      <translation>Executar de novo uma execução que falhou ou foi cancelada (Ctrl+R)</translation>
    </message>
    <message>
      <source>&amp;Undo</source>
      <translation>&amp;Desfazer</translation>
    </message>
    <message>
      <source>Put the table back as it was before this run (Ctrl+Z)</source>
      <translation>Deixar a tabela como estava antes desta execução (Ctrl+Z)</translation>
    </message>
    <message>
      <source>Open &amp;landing folder</source>
      <translation>Abrir pasta de &amp;landing</translation>
    </message>
    <message>
      <source>Open the folder with the run's converted files and manifest</source>
      <translation>Abrir a pasta com os arquivos convertidos e o manifesto da execução</translation>
    </message>
    <message>
      <source>Open &amp;table folder</source>
      <translation>Abrir pasta da &amp;tabela</translation>
    </message>
    <message>
      <source>Open the folder of the Delta table the run wrote</source>
      <translation>Abrir a pasta da tabela Delta gravada pela execução</translation>
    </message>
    <message>
      <source>&amp;Copy run id</source>
      <translation>&amp;Copiar id da execução</translation>
    </message>
    <message>
      <source>Copy the full run id to the clipboard (Ctrl+Shift+C)</source>
      <translation>Copiar o id completo da execução para a área de transferência (Ctrl+Shift+C)</translation>
    </message>
    <message>
      <source>Re&amp;fresh</source>
      <translation>&amp;Atualizar</translation>
    </message>
    <message>
      <source>Read the run history again (F5)</source>
      <translation>Ler o histórico de execuções novamente (F5)</translation>
    </message>
    <message>
      <source>Find</source>
      <translation>Localizar</translation>
    </message>
    <message>
      <source>Search the runs</source>
      <translation>Pesquisar as execuções</translation>
    </message>
    <message>
      <source>F&amp;ailures</source>
      <translation>F&amp;alhas</translation>
    </message>
    <message>
      <source>Failed runs grouped by cause, with counts per day (Ctrl+Shift+F)</source>
      <translation>Execuções com falha agrupadas por causa, com a contagem por dia (Ctrl+Shift+F)</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>Cancelar</translation>
    </message>
    <message>
      <source>Runs</source>
      <translation>Execuções</translation>
    </message>
    <message>
      <source>No runs</source>
      <translation>Nenhuma execução</translation>
    </message>
    <message>
      <source>1 run</source>
      <translation>1 execução</translation>
    </message>
    <message>
      <source>%1 runs</source>
      <translation>%1 execuções</translation>
    </message>
    <message>
      <source>Run id %1 copied.</source>
      <translation>Id da execução %1 copiado.</translation>
    </message>
  </context>
  <context>
    <name>KpiTab</name>
    <message>
      <source>Period</source>
      <translation>Período</translation>
    </message>
    <message>
      <source>Currency</source>
      <translation>Moeda</translation>
    </message>
    <message>
      <source>Indicator</source>
      <translation>Indicador</translation>
    </message>
    <message>
      <source>Value</source>
      <translation>Valor</translation>
    </message>
    <message>
      <source>Total cost</source>
      <translation>Custo total</translation>
    </message>
    <message>
      <source>Files</source>
      <translation>Arquivos</translation>
    </message>
    <message>
      <source>Volume (bytes)</source>
      <translation>Volume (bytes)</translation>
    </message>
    <message>
      <source>Rows</source>
      <translation>Linhas</translation>
    </message>
    <message>
      <source>Runs</source>
      <translation>Execuções</translation>
    </message>
    <message>
      <source>Failed runs</source>
      <translation>Execuções com falha</translation>
    </message>
    <message>
      <source>Success rate (%)</source>
      <translation>Taxa de sucesso (%)</translation>
    </message>
    <message>
      <source>Cost</source>
      <translation>Custo</translation>
    </message>
    <message>
      <source>Day (UTC)</source>
      <translation>Dia (UTC)</translation>
    </message>
    <message>
      <source>Table</source>
      <translation>Tabela</translation>
    </message>
    <message>
      <source>The image could not be written.</source>
      <translation>Não foi possível gravar a imagem.</translation>
    </message>
    <message>
      <source>&amp;Period:</source>
      <translation>&amp;Período:</translation>
    </message>
    <message>
      <source>Last 7 days</source>
      <translation>Últimos 7 dias</translation>
    </message>
    <message>
      <source>Last 30 days</source>
      <translation>Últimos 30 dias</translation>
    </message>
    <message>
      <source>Last 90 days</source>
      <translation>Últimos 90 dias</translation>
    </message>
    <message>
      <source>Custom</source>
      <translation>Personalizado</translation>
    </message>
    <message>
      <source>Days are counted in UTC, as in the run log.</source>
      <translation>Os dias são contados em UTC, como no registro de execuções.</translation>
    </message>
    <message>
      <source>&amp;From:</source>
      <translation>&amp;De:</translation>
    </message>
    <message>
      <source>&amp;To:</source>
      <translation>A&amp;té:</translation>
    </message>
    <message>
      <source>&amp;Refresh</source>
      <translation>&amp;Atualizar</translation>
    </message>
    <message>
      <source>Export &amp;charts…</source>
      <translation>Exportar &amp;gráficos…</translation>
    </message>
    <message>
      <source>Save the cards and charts as a PNG image</source>
      <translation>Salvar os cartões e os gráficos como imagem PNG</translation>
    </message>
    <message>
      <source>Export &amp;numbers…</source>
      <translation>Exportar &amp;números…</translation>
    </message>
    <message>
      <source>Save the numbers as a CSV file (opens in Excel)</source>
      <translation>Salvar os números como arquivo CSV (abre no Excel)</translation>
    </message>
    <message>
      <source>Volume</source>
      <translation>Volume</translation>
    </message>
    <message>
      <source>Success rate</source>
      <translation>Taxa de sucesso</translation>
    </message>
    <message>
      <source>Estimated cost per day (%1)</source>
      <translation>Custo estimado por dia (%1)</translation>
    </message>
    <message>
      <source>Estimated: %1 · Actual (Azure): %2, %3 days measured</source>
      <translation>Estimado: %1 · Real (Azure): %2, %3 dias medidos</translation>
    </message>
    <message>
      <source>Estimated (Azure costs not synced yet)</source>
      <translation>Estimado (custos do Azure ainda não sincronizados)</translation>
    </message>
    <message>
      <source>Estimated · per file: %1</source>
      <translation>Estimado · por arquivo: %1</translation>
    </message>
    <message>
      <source>Files per day</source>
      <translation>Arquivos por dia</translation>
    </message>
    <message>
      <source>Volume per day</source>
      <translation>Volume por dia</translation>
    </message>
    <message>
      <source>Top tables by volume</source>
      <translation>Maiores tabelas por volume</translation>
    </message>
    <message>
      <source>Updating…</source>
      <translation>Atualizando…</translation>
    </message>
    <message>
      <source>Updated at %1</source>
      <translation>Atualizado às %1</translation>
    </message>
    <message>
      <source>Could not read the run log: %1</source>
      <translation>Não foi possível ler o registro de execuções: %1</translation>
    </message>
    <message>
      <source>Runs: %1</source>
      <translation>Execuções: %1</translation>
    </message>
    <message>
      <source>Size of the files received</source>
      <translation>Tamanho dos arquivos recebidos</translation>
    </message>
    <message>
      <source>Rows written</source>
      <translation>Linhas gravadas</translation>
    </message>
    <message>
      <source>%1 succeeded, %2 failed</source>
      <translation>%1 com sucesso, %2 com falha</translation>
    </message>
    <message>
      <source>Actual (Azure)</source>
      <translation>Real (Azure)</translation>
    </message>
    <message>
      <source>No runs from %1 to %2.
Choose another period, or load a file in the Upload tab.</source>
      <translation>Nenhuma execução de %1 a %2.
Escolha outro período ou carregue um arquivo na aba Carregar.</translation>
    </message>
    <message>
      <source>Export the charts</source>
      <translation>Exportar os gráficos</translation>
    </message>
    <message>
      <source>PNG images (*.png)</source>
      <translation>Imagens PNG (*.png)</translation>
    </message>
    <message>
      <source>Export the numbers</source>
      <translation>Exportar os números</translation>
    </message>
    <message>
      <source>CSV files (*.csv)</source>
      <translation>Arquivos CSV (*.csv)</translation>
    </message>
    <message>
      <source>Saved %1</source>
      <translation>Salvo em %1</translation>
    </message>
    <message>
      <source>Could not save the file: %1</source>
      <translation>Não foi possível salvar o arquivo: %1</translation>
    </message>
  </context>
  <context>
    <name>MainWindow</name>
    <message>
      <source>DINO — files into the lakehouse</source>
      <translation>DINO — arquivos para o lakehouse</translation>
    </message>
    <message>
      <source>&amp;Upload</source>
      <translation>E&amp;nviar</translation>
    </message>
    <message>
      <source>&amp;History</source>
      <translation>&amp;Histórico</translation>
    </message>
    <message>
      <source>&amp;KPIs</source>
      <translation>&amp;Indicadores</translation>
    </message>
    <message>
      <source>Load a file into a table (Ctrl+1)</source>
      <translation>Carregar um arquivo em uma tabela (Ctrl+1)</translation>
    </message>
    <message>
      <source>Every run, its state and its details (Ctrl+2)</source>
      <translation>Todas as execuções, seus estados e detalhes (Ctrl+2)</translation>
    </message>
    <message>
      <source>Cost, files and volume over time (Ctrl+3)</source>
      <translation>Custo, arquivos e volume ao longo do tempo (Ctrl+3)</translation>
    </message>
    <message>
      <source>&amp;Settings</source>
      <translation>&amp;Configurações</translation>
    </message>
    <message>
      <source>&amp;Preferences…</source>
      <translation>&amp;Preferências…</translation>
    </message>
    <message>
      <source>Automation &amp;rules…</source>
      <translation>&amp;Regras de automação…</translation>
    </message>
    <message>
      <source>Open the &amp;data folder</source>
      <translation>Abrir a pasta de &amp;dados</translation>
    </message>
    <message>
      <source>&amp;Quit</source>
      <translation>&amp;Sair</translation>
    </message>
    <message>
      <source>&amp;Language</source>
      <translation>&amp;Idioma</translation>
    </message>
    <message>
      <source>&amp;Help</source>
      <translation>A&amp;juda</translation>
    </message>
    <message>
      <source>&amp;About DINO</source>
      <translation>&amp;Sobre o DINO</translation>
    </message>
    <message>
      <source>About &amp;Qt</source>
      <translation>Sobre o &amp;Qt</translation>
    </message>
    <message>
      <source>Profile: %1</source>
      <translation>Perfil: %1</translation>
    </message>
    <message>
      <source>local</source>
      <translation>local</translation>
    </message>
    <message>
      <source>Azure</source>
      <translation>Azure</translation>
    </message>
    <message>
      <source>User: %1</source>
      <translation>Usuário: %1</translation>
    </message>
    <message>
      <source>About DINO</source>
      <translation>Sobre o DINO</translation>
    </message>
    <message>
      <source>&lt;h3&gt;DINO %1&lt;/h3&gt;&lt;p&gt;Drop a hand-made file (CSV, Excel, JSON, XML, Parquet) and it lands in the lakehouse as a Delta table: typed, checked, and logged.&lt;/p&gt;&lt;p&gt;Profile: %2&lt;br&gt;Data folder: %3&lt;/p&gt;</source>
      <translation>&lt;h3&gt;DINO %1&lt;/h3&gt;&lt;p&gt;Solte um arquivo feito à mão (CSV, Excel, JSON, XML, Parquet) e ele chega ao lakehouse como uma tabela Delta: tipada, conferida e registrada.&lt;/p&gt;&lt;p&gt;Perfil: %2&lt;br&gt;Pasta de dados: %3&lt;/p&gt;</translation>
    </message>
    <message>
      <source>No runs in progress</source>
      <translation>Nenhuma execução em andamento</translation>
    </message>
    <message>
      <source>Runs in progress: %1</source>
      <translation>Execuções em andamento: %1</translation>
    </message>
    <message>
      <source>Rules paused</source>
      <translation>Regras pausadas</translation>
    </message>
    <message>
      <source>Watching 1 folder</source>
      <translation>Vigiando 1 pasta</translation>
    </message>
    <message>
      <source>Watching %1 folders</source>
      <translation>Vigiando %1 pastas</translation>
    </message>
    <message>
      <source>next run %1</source>
      <translation>próxima execução %1</translation>
    </message>
    <message>
      <source>DINO keeps watching</source>
      <translation>O DINO continua vigiando</translation>
    </message>
    <message>
      <source>The rules go on from the tray icon. Its menu opens DINO again, pauses the rules or quits.</source>
      <translation>As regras continuam pelo ícone na bandeja do sistema. O menu dele abre o DINO de novo, pausa as regras ou sai.</translation>
    </message>
    <message>
      <source>A run is in progress</source>
      <translation>Há uma execução em andamento</translation>
    </message>
    <message>
      <source>A file is being loaded. Cancel it and quit? The table stays as it was before the run.</source>
      <translation>Um arquivo está sendo carregado. Cancelar e sair? A tabela fica como estava antes da execução.</translation>
    </message>
  </context>
  <context>
    <name>PreviewModel</name>
    <message>
      <source>yes</source>
      <translation>sim</translation>
    </message>
    <message>
      <source>no</source>
      <translation>não</translation>
    </message>
    <message>
      <source>empty (null)</source>
      <translation>vazio (nulo)</translation>
    </message>
    <message>
      <source>Column in the file: %1
Name in the table: %2
Type: %3
Double-click (or F2) to change the name or the type.</source>
      <translation>Coluna no arquivo: %1
Nome na tabela: %2
Tipo: %3
Clique duas vezes (ou F2) para mudar o nome ou o tipo.</translation>
    </message>
  </context>
  <context>
    <name>ProblemsView</name>
    <message>
      <source>No problems found.</source>
      <translation>Nenhum problema encontrado.</translation>
    </message>
    <message>
      <source>Error</source>
      <translation>Erro</translation>
    </message>
    <message>
      <source>Warning</source>
      <translation>Aviso</translation>
    </message>
    <message>
      <source>Note</source>
      <translation>Observação</translation>
    </message>
    <message>
      <source>Problems</source>
      <translation>Problemas</translation>
    </message>
  </context>
  <context>
    <name>ProgressPanel</name>
    <message>
      <source>Reading the file</source>
      <translation>Lendo o arquivo</translation>
    </message>
    <message>
      <source>Converting</source>
      <translation>Convertendo</translation>
    </message>
    <message>
      <source>Staging</source>
      <translation>Enviando</translation>
    </message>
    <message>
      <source>Writing the table</source>
      <translation>Gravando a tabela</translation>
    </message>
    <message>
      <source>Recording</source>
      <translation>Registrando</translation>
    </message>
    <message>
      <source>Checking</source>
      <translation>Conferindo</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>Cancelar</translation>
    </message>
    <message>
      <source>Stop the run; the table stays as it was (Esc)</source>
      <translation>Interromper a execução; a tabela fica como estava (Esc)</translation>
    </message>
    <message>
      <source>Cancelling…</source>
      <translation>Cancelando…</translation>
    </message>
    <message>
      <source>Starting…</source>
      <translation>Iniciando…</translation>
    </message>
    <message>
      <source>%1 left</source>
      <translation>faltam %1</translation>
    </message>
  </context>
  <context>
    <name>RuleEditor</name>
    <message>
      <source>Automation rule</source>
      <translation>Regra de automação</translation>
    </message>
    <message>
      <source>&amp;Name:</source>
      <translation>&amp;Nome:</translation>
    </message>
    <message>
      <source>&amp;Folder:</source>
      <translation>&amp;Pasta:</translation>
    </message>
    <message>
      <source>File &amp;pattern:</source>
      <translation>Padrão dos arqui&amp;vos:</translation>
    </message>
    <message>
      <source>&amp;Database:</source>
      <translation>&amp;Banco de dados:</translation>
    </message>
    <message>
      <source>&amp;Table:</source>
      <translation>&amp;Tabela:</translation>
    </message>
    <message>
      <source>&amp;Mode:</source>
      <translation>&amp;Modo:</translation>
    </message>
    <message>
      <source>&amp;Sheet (Excel):</source>
      <translation>Ab&amp;a (Excel):</translation>
    </message>
    <message>
      <source>Merge ke&amp;ys:</source>
      <translation>C&amp;haves do merge:</translation>
    </message>
    <message>
      <source>&amp;Bad rows:</source>
      <translation>Linhas &amp;ruins:</translation>
    </message>
    <message>
      <source>e.g. daily-sales</source>
      <translation>p. ex. vendas-diarias</translation>
    </message>
    <message>
      <source>Bro&amp;wse…</source>
      <translation>Proc&amp;urar…</translation>
    </message>
    <message>
      <source>A full path: C:\…, \\server\share\… or /srv/…</source>
      <translation>Um caminho completo: C:\…, \\servidor\pasta\… ou /srv/…</translation>
    </message>
    <message>
      <source>File names to take, case-insensitive; several separated by ; (e.g. *.csv;*.xlsx)</source>
      <translation>Nomes dos arquivos a carregar, sem diferenciar maiúsculas; vários separados por ; (p. ex. *.csv;*.xlsx)</translation>
    </message>
    <message>
      <source>Lowercase letters, digits and _</source>
      <translation>Letras minúsculas, dígitos e _</translation>
    </message>
    <message>
      <source>Append rows</source>
      <translation>Acrescentar linhas</translation>
    </message>
    <message>
      <source>Overwrite the table</source>
      <translation>Substituir a tabela</translation>
    </message>
    <message>
      <source>Merge on key columns</source>
      <translation>Mesclar pelas colunas-chave</translation>
    </message>
    <message>
      <source>Column names, separated by commas</source>
      <translation>Nomes das colunas, separados por vírgulas</translation>
    </message>
    <message>
      <source>The first sheet that has data</source>
      <translation>A primeira aba que tem dados</translation>
    </message>
    <message>
      <source>Fail the file: nothing is written</source>
      <translation>Recusar o arquivo: nada é gravado</translation>
    </message>
    <message>
      <source>Skip them, keep them in rejects.csv</source>
      <translation>Deixá-las de fora, guardadas em rejects.csv</translation>
    </message>
    <message>
      <source>When</source>
      <translation>Quando</translation>
    </message>
    <message>
      <source>&amp;As files arrive</source>
      <translation>À &amp;chegada dos arquivos</translation>
    </message>
    <message>
      <source>On a s&amp;chedule (cron):</source>
      <translation>Em um a&amp;gendamento (cron):</translation>
    </message>
    <message>
      <source>e.g. 0 7 * * 1-5 (weekdays at 7:00)</source>
      <translation>p. ex. 0 7 * * 1-5 (dias úteis às 7:00)</translation>
    </message>
    <message>
      <source>minute hour day-of-month month day-of-week, in this computer's time zone</source>
      <translation>minuto hora dia-do-mês mês dia-da-semana, no fuso horário deste computador</translation>
    </message>
    <message>
      <source>&amp;Enabled</source>
      <translation>At&amp;iva</translation>
    </message>
    <message>
      <source>Alerts (failures are always told)</source>
      <translation>Alertas (as falhas são sempre avisadas)</translation>
    </message>
    <message>
      <source>Tell about s&amp;uccesses too</source>
      <translation>Avisar também os &amp;sucessos</translation>
    </message>
    <message>
      <source>Des&amp;ktop notification</source>
      <translation>Notificação na área de traba&amp;lho</translation>
    </message>
    <message>
      <source>Web&amp;hook name:</source>
      <translation>Nome do &amp;webhook:</translation>
    </message>
    <message>
      <source>E-ma&amp;il to:</source>
      <translation>&amp;E-mail para:</translation>
    </message>
    <message>
      <source>A webhook set up with: dino alerts set-webhook NAME (its URL stays in the keyring)</source>
      <translation>Um webhook configurado com: dino alerts set-webhook NOME (a URL dele fica no cofre de senhas do sistema)</translation>
    </message>
    <message>
      <source>ana@contoso.com, bruno@contoso.com</source>
      <translation>ana@contoso.com, bruno@contoso.com</translation>
    </message>
    <message>
      <source>Another of your rules is already named '%1'.</source>
      <translation>Outra regra sua já se chama '%1'.</translation>
    </message>
    <message>
      <source>IT's rule '%1' is replaced by this one, for you only.</source>
      <translation>A regra '%1' da TI é substituída por esta, só para você.</translation>
    </message>
    <message>
      <source>Write the schedule, or choose "As files arrive".</source>
      <translation>Escreva o agendamento ou escolha "À chegada dos arquivos".</translation>
    </message>
    <message>
      <source>Each file is loaded once it is complete.</source>
      <translation>Cada arquivo é carregado assim que estiver completo.</translation>
    </message>
    <message>
      <source>Next runs: %1</source>
      <translation>Próximas execuções: %1</translation>
    </message>
    <message>
      <source>Folder to watch</source>
      <translation>Pasta a vigiar</translation>
    </message>
  </context>
  <context>
    <name>RulesModel</name>
    <message>
      <source>as files arrive</source>
      <translation>à chegada dos arquivos</translation>
    </message>
    <message>
      <source>IT (central)</source>
      <translation>TI (central)</translation>
    </message>
    <message>
      <source>yours</source>
      <translation>sua</translation>
    </message>
    <message>
      <source>loading a file…</source>
      <translation>carregando um arquivo…</translation>
    </message>
    <message>
      <source>never</source>
      <translation>nunca</translation>
    </message>
    <message>
      <source>already loaded</source>
      <translation>já carregado</translation>
    </message>
    <message>
      <source>not used: see the problems</source>
      <translation>não usada: veja os problemas</translation>
    </message>
    <message>
      <source>disabled</source>
      <translation>desativada</translation>
    </message>
    <message>
      <source>paused</source>
      <translation>pausada</translation>
    </message>
    <message>
      <source>File: %1</source>
      <translation>Arquivo: %1</translation>
    </message>
    <message>
      <source>Run: %1 (double-click to open it in History)</source>
      <translation>Execução: %1 (clique duas vezes para abri-la no Histórico)</translation>
    </message>
    <message>
      <source>Files still being written: %1</source>
      <translation>Arquivos ainda sendo gravados: %1</translation>
    </message>
    <message>
      <source>The folder is looked at again then.</source>
      <translation>A pasta é olhada de novo nesse momento.</translation>
    </message>
    <message>
      <source>Set by IT in the central configuration: read-only here. Duplicate it to make a version of your own.</source>
      <translation>Definida pela TI na configuração central: somente leitura aqui. Duplique-a para ter uma versão sua.</translation>
    </message>
    <message>
      <source>Rule</source>
      <translation>Regra</translation>
    </message>
    <message>
      <source>Folder</source>
      <translation>Pasta</translation>
    </message>
    <message>
      <source>Files</source>
      <translation>Arquivos</translation>
    </message>
    <message>
      <source>Table</source>
      <translation>Tabela</translation>
    </message>
    <message>
      <source>Mode</source>
      <translation>Modo</translation>
    </message>
    <message>
      <source>When</source>
      <translation>Quando</translation>
    </message>
    <message>
      <source>On</source>
      <translation>Ativa</translation>
    </message>
    <message>
      <source>Last run</source>
      <translation>Última execução</translation>
    </message>
    <message>
      <source>Next run</source>
      <translation>Próxima execução</translation>
    </message>
    <message>
      <source>Whose</source>
      <translation>De quem</translation>
    </message>
  </context>
  <context>
    <name>RulesPage</name>
    <message>
      <source>&amp;Add…</source>
      <translation>&amp;Adicionar…</translation>
    </message>
    <message>
      <source>&amp;Edit…</source>
      <translation>&amp;Editar…</translation>
    </message>
    <message>
      <source>D&amp;uplicate…</source>
      <translation>D&amp;uplicar…</translation>
    </message>
    <message>
      <source>De&amp;lete</source>
      <translation>Exc&amp;luir</translation>
    </message>
    <message>
      <source>&amp;Run now</source>
      <translation>Executar a&amp;gora</translation>
    </message>
    <message>
      <source>Load the rule's complete files now, whatever its schedule</source>
      <translation>Carregar agora os arquivos completos da regra, seja qual for o agendamento</translation>
    </message>
    <message>
      <source>&amp;Keep watching from the tray when the window is closed</source>
      <translation>Continuar &amp;vigiando pela bandeja do sistema quando a janela for fechada</translation>
    </message>
    <message>
      <source>The rules could not be read: %1</source>
      <translation>Não foi possível ler as regras: %1</translation>
    </message>
    <message>
      <source>Resu&amp;me rules</source>
      <translation>Reto&amp;mar as regras</translation>
    </message>
    <message>
      <source>&amp;Pause rules</source>
      <translation>&amp;Pausar as regras</translation>
    </message>
    <message>
      <source>IT's rule: set in the central configuration, read-only here. Duplicate it to make a version of your own.</source>
      <translation>Regra da TI: definida na configuração central, somente leitura aqui. Duplique-a para ter uma versão sua.</translation>
    </message>
    <message>
      <source>Delete the rule</source>
      <translation>Excluir a regra</translation>
    </message>
    <message>
      <source>Delete the rule '%1'? Files already loaded stay in their tables; the folder is no longer watched.</source>
      <translation>Excluir a regra '%1'? Os arquivos já carregados continuam nas tabelas; a pasta deixa de ser vigiada.</translation>
    </message>
    <message>
      <source>Saving…</source>
      <translation>Salvando…</translation>
    </message>
    <message>
      <source>Saved to %1. The rules apply now.</source>
      <translation>Salvo em %1. As regras já valem.</translation>
    </message>
    <message>
      <source>Not saved: %1</source>
      <translation>Não salvo: %1</translation>
    </message>
    <message>
      <source>Rule '%1' runs now: its complete files are loaded.</source>
      <translation>A regra '%1' está sendo executada: os arquivos completos dela são carregados.</translation>
    </message>
  </context>
  <context>
    <name>RunDetails</name>
    <message>
      <source>Inspect</source>
      <translation>Inspeção</translation>
    </message>
    <message>
      <source>Validate</source>
      <translation>Validação</translation>
    </message>
    <message>
      <source>Convert</source>
      <translation>Conversão</translation>
    </message>
    <message>
      <source>Upload to landing</source>
      <translation>Envio para a landing</translation>
    </message>
    <message>
      <source>Write the table</source>
      <translation>Gravação da tabela</translation>
    </message>
    <message>
      <source>Record</source>
      <translation>Registro</translation>
    </message>
    <message>
      <source>The run's events and files could not be read: %1</source>
      <translation>Não foi possível ler os eventos e os arquivos da execução: %1</translation>
    </message>
    <message>
      <source>Run %1</source>
      <translation>Execução %1</translation>
    </message>
    <message>
      <source>none (new table)</source>
      <translation>nenhuma (tabela nova)</translation>
    </message>
    <message>
      <source>%1 (keys: %2)</source>
      <translation>%1 (chaves: %2)</translation>
    </message>
    <message>
      <source>%1 on %2</source>
      <translation>%1 em %2</translation>
    </message>
    <message>
      <source>%1 → %2</source>
      <translation>%1 → %2</translation>
    </message>
    <message>
      <source>Total</source>
      <translation>Total</translation>
    </message>
    <message>
      <source>Looking for the landing files…</source>
      <translation>Procurando os arquivos na landing…</translation>
    </message>
    <message>
      <source>In the landing folder: %1</source>
      <translation>Na pasta de landing: %1</translation>
    </message>
    <message>
      <source>The manifest is at %1.</source>
      <translation>O manifesto está em %1.</translation>
    </message>
    <message>
      <source>The landing files were removed after the run succeeded.</source>
      <translation>Os arquivos da landing foram removidos depois que a execução foi concluída.</translation>
    </message>
    <message>
      <source>The landing folder holds no files for this run.</source>
      <translation>A pasta de landing não tem arquivos desta execução.</translation>
    </message>
    <message>
      <source>Select a run to see its details.</source>
      <translation>Selecione uma execução para ver os detalhes.</translation>
    </message>
    <message>
      <source>Summary</source>
      <translation>Resumo</translation>
    </message>
    <message>
      <source>Time per stage</source>
      <translation>Tempo por etapa</translation>
    </message>
    <message>
      <source>Problems</source>
      <translation>Problemas</translation>
    </message>
    <message>
      <source>Error</source>
      <translation>Erro</translation>
    </message>
    <message>
      <source>Manifest</source>
      <translation>Manifesto</translation>
    </message>
    <message>
      <source>Events</source>
      <translation>Eventos</translation>
    </message>
    <message>
      <source>Time</source>
      <translation>Horário</translation>
    </message>
    <message>
      <source>State</source>
      <translation>Estado</translation>
    </message>
    <message>
      <source>Stage</source>
      <translation>Etapa</translation>
    </message>
    <message>
      <source>Message</source>
      <translation>Mensagem</translation>
    </message>
    <message>
      <source>File:</source>
      <translation>Arquivo:</translation>
    </message>
    <message>
      <source>Table:</source>
      <translation>Tabela:</translation>
    </message>
    <message>
      <source>Mode:</source>
      <translation>Modo:</translation>
    </message>
    <message>
      <source>User:</source>
      <translation>Usuário:</translation>
    </message>
    <message>
      <source>Started:</source>
      <translation>Início:</translation>
    </message>
    <message>
      <source>Finished:</source>
      <translation>Fim:</translation>
    </message>
    <message>
      <source>Duration:</source>
      <translation>Duração:</translation>
    </message>
    <message>
      <source>Rows written:</source>
      <translation>Linhas gravadas:</translation>
    </message>
    <message>
      <source>Bad rows:</source>
      <translation>Linhas com problema:</translation>
    </message>
    <message>
      <source>Source size:</source>
      <translation>Tamanho do arquivo:</translation>
    </message>
    <message>
      <source>Staged size:</source>
      <translation>Tamanho enviado:</translation>
    </message>
    <message>
      <source>Cost:</source>
      <translation>Custo:</translation>
    </message>
    <message>
      <source>Table version:</source>
      <translation>Versão da tabela:</translation>
    </message>
    <message>
      <source>Retry of:</source>
      <translation>Reexecução de:</translation>
    </message>
  </context>
  <context>
    <name>RunFilterBar</name>
    <message>
      <source>Cause: %1  ✕</source>
      <translation>Causa: %1  ✕</translation>
    </message>
    <message>
      <source>Click to show every run again</source>
      <translation>Clique para mostrar todas as execuções de novo</translation>
    </message>
    <message>
      <source>Search file, table, run id or error… (Ctrl+F)</source>
      <translation>Pesquisar arquivo, tabela, id da execução ou erro… (Ctrl+F)</translation>
    </message>
    <message>
      <source>All states</source>
      <translation>Todos os estados</translation>
    </message>
    <message>
      <source>In progress</source>
      <translation>Em andamento</translation>
    </message>
    <message>
      <source>Succeeded</source>
      <translation>Concluídas</translation>
    </message>
    <message>
      <source>Failed</source>
      <translation>Com falha</translation>
    </message>
    <message>
      <source>Cancelled</source>
      <translation>Canceladas</translation>
    </message>
    <message>
      <source>Undone</source>
      <translation>Desfeitas</translation>
    </message>
    <message>
      <source>All time</source>
      <translation>Todo o período</translation>
    </message>
    <message>
      <source>Last 7 days</source>
      <translation>Últimos 7 dias</translation>
    </message>
    <message>
      <source>Last 30 days</source>
      <translation>Últimos 30 dias</translation>
    </message>
    <message>
      <source>Last 90 days</source>
      <translation>Últimos 90 dias</translation>
    </message>
    <message>
      <source>Custom dates…</source>
      <translation>Datas personalizadas…</translation>
    </message>
    <message>
      <source>All users</source>
      <translation>Todos os usuários</translation>
    </message>
    <message>
      <source>All tables</source>
      <translation>Todas as tabelas</translation>
    </message>
    <message>
      <source>Runs whose file name, table, run id or error text contains these characters</source>
      <translation>Execuções cujo nome de arquivo, tabela, id ou texto de erro contém estes caracteres</translation>
    </message>
    <message>
      <source>Show only runs in this state</source>
      <translation>Mostrar só as execuções neste estado</translation>
    </message>
    <message>
      <source>Show only runs by this person</source>
      <translation>Mostrar só as execuções desta pessoa</translation>
    </message>
    <message>
      <source>Show only runs into this table</source>
      <translation>Mostrar só as execuções nesta tabela</translation>
    </message>
    <message>
      <source>Show only runs started in this period</source>
      <translation>Mostrar só as execuções iniciadas neste período</translation>
    </message>
    <message>
      <source>From this day (included)</source>
      <translation>A partir deste dia (incluído)</translation>
    </message>
    <message>
      <source>To this day (included)</source>
      <translation>Até este dia (incluído)</translation>
    </message>
  </context>
  <context>
    <name>RunMode</name>
    <message>
      <source>append</source>
      <translation>acrescentar</translation>
    </message>
    <message>
      <source>overwrite</source>
      <translation>sobrescrever</translation>
    </message>
    <message>
      <source>merge</source>
      <translation>mesclar</translation>
    </message>
  </context>
  <context>
    <name>RunOperations</name>
    <message>
      <source>Retrying %1…</source>
      <translation>Reexecutando %1…</translation>
    </message>
    <message>
      <source>Run %1 succeeded: %2 rows written to %3.</source>
      <translation>A execução %1 foi concluída: %2 linhas gravadas em %3.</translation>
    </message>
    <message>
      <source>The retry was cancelled; the table is as it was.</source>
      <translation>A reexecução foi cancelada; a tabela continua como estava.</translation>
    </message>
    <message>
      <source>Retry the run?</source>
      <translation>Reexecutar?</translation>
    </message>
    <message>
      <source>This file was loaded into this table before, or the retry would replace the table's contents. Retry anyway?</source>
      <translation>Este arquivo já foi carregado nesta tabela, ou a reexecução substituiria o conteúdo da tabela. Reexecutar mesmo assim?</translation>
    </message>
    <message>
      <source>Undo the run?</source>
      <translation>Desfazer a execução?</translation>
    </message>
    <message>
      <source>Put table %1 back as it was before run %2? The rows this run wrote are taken out; the run stays in the history as undone.</source>
      <translation>Voltar a tabela %1 ao estado anterior à execução %2? As linhas gravadas por esta execução serão removidas; a execução continua no histórico como desfeita.</translation>
    </message>
    <message>
      <source>Undoing run %1…</source>
      <translation>Desfazendo a execução %1…</translation>
    </message>
    <message>
      <source>Run %1 undone: table %2 is back as it was before it.</source>
      <translation>Execução %1 desfeita: a tabela %2 voltou ao estado anterior a ela.</translation>
    </message>
  </context>
  <context>
    <name>RunState</name>
    <message>
      <source>created</source>
      <translation>criada</translation>
    </message>
    <message>
      <source>converting</source>
      <translation>convertendo</translation>
    </message>
    <message>
      <source>uploading</source>
      <translation>enviando</translation>
    </message>
    <message>
      <source>submitted</source>
      <translation>submetida</translation>
    </message>
    <message>
      <source>running</source>
      <translation>em execução</translation>
    </message>
    <message>
      <source>succeeded</source>
      <translation>concluída</translation>
    </message>
    <message>
      <source>failed</source>
      <translation>falhou</translation>
    </message>
    <message>
      <source>cancelled</source>
      <translation>cancelada</translation>
    </message>
    <message>
      <source>undone</source>
      <translation>desfeita</translation>
    </message>
  </context>
  <context>
    <name>RunTableModel</name>
    <message>
      <source>This column cannot be sorted</source>
      <translation>Esta coluna não pode ser ordenada</translation>
    </message>
    <message>
      <source>State</source>
      <translation>Estado</translation>
    </message>
    <message>
      <source>Started</source>
      <translation>Início</translation>
    </message>
    <message>
      <source>File</source>
      <translation>Arquivo</translation>
    </message>
    <message>
      <source>Target</source>
      <translation>Destino</translation>
    </message>
    <message>
      <source>Mode</source>
      <translation>Modo</translation>
    </message>
    <message>
      <source>Rows</source>
      <translation>Linhas</translation>
    </message>
    <message>
      <source>Size</source>
      <translation>Tamanho</translation>
    </message>
    <message>
      <source>Duration</source>
      <translation>Duração</translation>
    </message>
    <message>
      <source>Cost</source>
      <translation>Custo</translation>
    </message>
    <message>
      <source>User</source>
      <translation>Usuário</translation>
    </message>
    <message>
      <source>Run id</source>
      <translation>Id da execução</translation>
    </message>
  </context>
  <context>
    <name>SettingsDialog</name>
    <message>
      <source>Preferences</source>
      <translation>Preferências</translation>
    </message>
    <message>
      <source>General</source>
      <translation>Geral</translation>
    </message>
    <message>
      <source>Loading files</source>
      <translation>Carga de arquivos</translation>
    </message>
    <message>
      <source>Cost model</source>
      <translation>Modelo de custos</translation>
    </message>
    <message>
      <source>Azure (set by IT)</source>
      <translation>Azure (definido pela TI)</translation>
    </message>
    <message>
      <source>Automation and alerts (set by IT)</source>
      <translation>Automação e alertas (definidos pela TI)</translation>
    </message>
    <message>
      <source>Profile:</source>
      <translation>Perfil:</translation>
    </message>
    <message>
      <source>Data folder:</source>
      <translation>Pasta de dados:</translation>
    </message>
    <message>
      <source>&amp;User name:</source>
      <translation>Nome de &amp;usuário:</translation>
    </message>
    <message>
      <source>Catalog:</source>
      <translation>Catálogo:</translation>
    </message>
    <message>
      <source>Central configuration:</source>
      <translation>Configuração central:</translation>
    </message>
    <message>
      <source>&amp;Keep landing files (days):</source>
      <translation>&amp;Manter arquivos na área de landing (dias):</translation>
    </message>
    <message>
      <source>&amp;Largest file (MB):</source>
      <translation>Maior &amp;arquivo (MB):</translation>
    </message>
    <message>
      <source>&amp;New columns in a file:</source>
      <translation>&amp;Novas colunas no arquivo:</translation>
    </message>
    <message>
      <source>Co&amp;mpute, per hour:</source>
      <translation>&amp;Processamento, por hora:</translation>
    </message>
    <message>
      <source>&amp;Fixed cost per run:</source>
      <translation>Custo fi&amp;xo por execução:</translation>
    </message>
    <message>
      <source>Tenant ID:</source>
      <translation>ID do locatário (tenant):</translation>
    </message>
    <message>
      <source>Client ID:</source>
      <translation>ID do cliente (client):</translation>
    </message>
    <message>
      <source>Subscription ID:</source>
      <translation>ID da assinatura:</translation>
    </message>
    <message>
      <source>Storage account URL:</source>
      <translation>URL da conta de armazenamento:</translation>
    </message>
    <message>
      <source>Container:</source>
      <translation>Contêiner:</translation>
    </message>
    <message>
      <source>Prefix:</source>
      <translation>Prefixo:</translation>
    </message>
    <message>
      <source>Databricks workspace:</source>
      <translation>Workspace do Databricks:</translation>
    </message>
    <message>
      <source>Databricks job ID:</source>
      <translation>ID do job do Databricks:</translation>
    </message>
    <message>
      <source>Volume path:</source>
      <translation>Caminho do volume:</translation>
    </message>
    <message>
      <source>Unity Catalog:</source>
      <translation>Unity Catalog:</translation>
    </message>
    <message>
      <source>SQL server:</source>
      <translation>Servidor SQL:</translation>
    </message>
    <message>
      <source>SQL database:</source>
      <translation>Banco de dados SQL:</translation>
    </message>
    <message>
      <source>SQL connection string:</source>
      <translation>String de conexão SQL:</translation>
    </message>
    <message>
      <source>Storage connection string:</source>
      <translation>String de conexão do armazenamento:</translation>
    </message>
    <message>
      <source>Parallel uploads:</source>
      <translation>Envios em paralelo:</translation>
    </message>
    <message>
      <source>Upload block (MB):</source>
      <translation>Bloco de envio (MB):</translation>
    </message>
    <message>
      <source>Block checksum:</source>
      <translation>Verificação dos blocos:</translation>
    </message>
    <message>
      <source>Look at watched folders every (s):</source>
      <translation>Olhar as pastas monitoradas a cada (s):</translation>
    </message>
    <message>
      <source>A file is complete after (s) unchanged:</source>
      <translation>Um arquivo está completo após (s) sem mudar:</translation>
    </message>
    <message>
      <source>E-mail server (SMTP):</source>
      <translation>Servidor de e-mail (SMTP):</translation>
    </message>
    <message>
      <source>SMTP port:</source>
      <translation>Porta SMTP:</translation>
    </message>
    <message>
      <source>Sender:</source>
      <translation>Remetente:</translation>
    </message>
    <message>
      <source>STARTTLS:</source>
      <translation>STARTTLS:</translation>
    </message>
    <message>
      <source>SMTP user:</source>
      <translation>Usuário SMTP:</translation>
    </message>
    <message>
      <source>Alert time limit (s):</source>
      <translation>Tempo limite do alerta (s):</translation>
    </message>
    <message>
      <source>Alert attempts:</source>
      <translation>Tentativas de alerta:</translation>
    </message>
    <message>
      <source>SQL warehouse ID:</source>
      <translation>ID do SQL warehouse:</translation>
    </message>
    <message>
      <source>Job polling (seconds):</source>
      <translation>Consulta ao job (segundos):</translation>
    </message>
    <message>
      <source>Job time limit (minutes):</source>
      <translation>Tempo-limite do job (minutos):</translation>
    </message>
    <message>
      <source>ODBC driver:</source>
      <translation>Driver ODBC:</translation>
    </message>
    <message>
      <source>Cost scope:</source>
      <translation>Escopo de custos:</translation>
    </message>
    <message>
      <source>Cost tag filter:</source>
      <translation>Filtro de tag de custos:</translation>
    </message>
    <message>
      <source>local (this computer)</source>
      <translation>local (este computador)</translation>
    </message>
    <message>
      <source>Azure</source>
      <translation>Azure</translation>
    </message>
    <message>
      <source>Your sign-in name, e.g. ana@contoso.com</source>
      <translation>Seu nome de login, ex.: ana@contoso.com</translation>
    </message>
    <message>
      <source>Remove after success</source>
      <translation>Remover após o sucesso</translation>
    </message>
    <message>
      <source>How long the converted files stay in the landing area after a successful run.</source>
      <translation>Por quanto tempo os arquivos convertidos ficam na área de landing depois de uma execução bem-sucedida.</translation>
    </message>
    <message>
      <source>No limit</source>
      <translation>Sem limite</translation>
    </message>
    <message>
      <source>Add them to the table</source>
      <translation>Adicioná-las à tabela</translation>
    </message>
    <message>
      <source>Refuse the file (strict)</source>
      <translation>Recusar o arquivo (estrito)</translation>
    </message>
    <message>
      <source>Copy the effective configuration, secrets hidden, to send to IT</source>
      <translation>Copiar a configuração em vigor, com os segredos ocultos, para enviar à TI</translation>
    </message>
    <message>
      <source>Your settings file: %1</source>
      <translation>Seu arquivo de configurações: %1</translation>
    </message>
    <message>
      <source>IT's central file: %1</source>
      <translation>Arquivo central da TI: %1</translation>
    </message>
    <message>
      <source>Your file: %1</source>
      <translation>Seu arquivo: %1</translation>
    </message>
    <message>
      <source>Environment variables: %1</source>
      <translation>Variáveis de ambiente: %1</translation>
    </message>
    <message>
      <source>Read from: %1</source>
      <translation>Lido de: %1</translation>
    </message>
    <message>
      <source>the defaults only</source>
      <translation>somente os valores padrão</translation>
    </message>
    <message>
      <source>IT's central file</source>
      <translation>arquivo central da TI</translation>
    </message>
    <message>
      <source>your file</source>
      <translation>seu arquivo</translation>
    </message>
    <message>
      <source>environment (%1)</source>
      <translation>ambiente (%1)</translation>
    </message>
    <message>
      <source>default</source>
      <translation>padrão</translation>
    </message>
    <message>
      <source>Set by the environment variable %1, which wins over your file.</source>
      <translation>Definido pela variável de ambiente %1, que prevalece sobre o seu arquivo.</translation>
    </message>
    <message>
      <source>Saved to %1. Restart DINO to apply the changes.</source>
      <translation>Salvo em %1. Reinicie o DINO para aplicar as alterações.</translation>
    </message>
    <message>
      <source>Saved changes apply when DINO starts again.</source>
      <translation>As alterações salvas valem quando o DINO for iniciado novamente.</translation>
    </message>
    <message>
      <source>Changes apply the next time DINO starts.</source>
      <translation>As alterações valem na próxima vez que o DINO for iniciado.</translation>
    </message>
    <message>
      <source>The configuration could not be read: %1</source>
      <translation>Não foi possível ler a configuração: %1</translation>
    </message>
    <message>
      <source>Curr&amp;ency:</source>
      <translation>Mo&amp;eda:</translation>
    </message>
    <message>
      <source>S&amp;torage, per GB per month:</source>
      <translation>Arma&amp;zenamento, por GB ao mês:</translation>
    </message>
    <message>
      <source>Co&amp;py as TOML</source>
      <translation>&amp;Copiar como TOML</translation>
    </message>
    <message>
      <source>Not saved: %1</source>
      <translation>Não salvo: %1</translation>
    </message>
  </context>
  <context>
    <name>TargetForm</name>
    <message>
      <source>Target</source>
      <translation>Destino</translation>
    </message>
    <message>
      <source>&amp;Database:</source>
      <translation>&amp;Banco de dados:</translation>
    </message>
    <message>
      <source>&amp;Table:</source>
      <translation>&amp;Tabela:</translation>
    </message>
    <message>
      <source>&amp;Mode:</source>
      <translation>&amp;Modo:</translation>
    </message>
    <message>
      <source>An existing database, or a new name: lowercase letters, digits and _</source>
      <translation>Um banco de dados existente ou um nome novo: letras minúsculas, dígitos e _</translation>
    </message>
    <message>
      <source>An existing table, or a new one to create</source>
      <translation>Uma tabela existente ou uma nova, a ser criada</translation>
    </message>
    <message>
      <source>Append rows</source>
      <translation>Acrescentar linhas</translation>
    </message>
    <message>
      <source>Overwrite the table</source>
      <translation>Substituir a tabela</translation>
    </message>
    <message>
      <source>Merge on key columns</source>
      <translation>Mesclar pelas colunas-chave</translation>
    </message>
    <message>
      <source>Skip &amp;bad rows</source>
      <translation>&amp;Pular linhas com erro</translation>
    </message>
    <message>
      <source>Leave rows that do not fit out of the table and keep them in rejects.csv, instead of stopping the run</source>
      <translation>Deixar de fora da tabela as linhas que não se encaixam e guardá-las em rejects.csv, em vez de interromper a execução</translation>
    </message>
    <message>
      <source>&amp;Keys: %1</source>
      <translation>&amp;Chaves: %1</translation>
    </message>
    <message>
      <source>Choose &amp;key columns</source>
      <translation>Escolher colunas-&amp;chave</translation>
    </message>
    <message>
      <source>Rows whose key columns match are updated; the others are added</source>
      <translation>Linhas com as mesmas colunas-chave são atualizadas; as demais são acrescentadas</translation>
    </message>
  </context>
  <context>
    <name>TrayMenu</name>
    <message>
      <source>&amp;Open DINO</source>
      <translation>&amp;Abrir o DINO</translation>
    </message>
    <message>
      <source>Run &amp;all rules now</source>
      <translation>Executar &amp;todas as regras agora</translation>
    </message>
    <message>
      <source>&amp;Quit</source>
      <translation>&amp;Sair</translation>
    </message>
    <message>
      <source>&amp;Resume rules</source>
      <translation>&amp;Retomar as regras</translation>
    </message>
    <message>
      <source>&amp;Pause rules</source>
      <translation>&amp;Pausar as regras</translation>
    </message>
  </context>
  <context>
    <name>UploadTab</name>
    <message>
      <source>Problems</source>
      <translation>Problemas</translation>
    </message>
    <message>
      <source>&amp;Ingest</source>
      <translation>&amp;Carregar</translation>
    </message>
    <message>
      <source>Load the file into the table (Ctrl+Enter)</source>
      <translation>Carregar o arquivo na tabela (Ctrl+Enter)</translation>
    </message>
    <message>
      <source>No file chosen yet.</source>
      <translation>Nenhum arquivo escolhido ainda.</translation>
    </message>
    <message>
      <source>Reading %1…</source>
      <translation>Lendo %1…</translation>
    </message>
    <message>
      <source>about %1 rows</source>
      <translation>cerca de %1 linhas</translation>
    </message>
    <message>
      <source>%1 columns</source>
      <translation>%1 colunas</translation>
    </message>
    <message>
      <source>A run is in progress.</source>
      <translation>Há uma execução em andamento.</translation>
    </message>
    <message>
      <source>Choose a file first.</source>
      <translation>Escolha um arquivo primeiro.</translation>
    </message>
    <message>
      <source>The file is still being read.</source>
      <translation>O arquivo ainda está sendo lido.</translation>
    </message>
    <message>
      <source>The file has errors: see Problems.</source>
      <translation>O arquivo tem erros: veja Problemas.</translation>
    </message>
    <message>
      <source>Merge needs at least one key column.</source>
      <translation>Mesclar exige pelo menos uma coluna-chave.</translation>
    </message>
    <message>
      <source>Checking the table…</source>
      <translation>Conferindo a tabela…</translation>
    </message>
    <message>
      <source>The table does not accept this file: see Problems.</source>
      <translation>A tabela não aceita este arquivo: veja Problemas.</translation>
    </message>
    <message>
      <source>Overwrite the table?</source>
      <translation>Substituir a tabela?</translation>
    </message>
    <message>
      <source>Every row now in %1 will be replaced by this file's rows. Earlier versions stay in the table history and the run can be undone.</source>
      <translation>Todas as linhas atuais de %1 serão substituídas pelas linhas deste arquivo. As versões anteriores ficam no histórico da tabela e a execução pode ser desfeita.</translation>
    </message>
    <message>
      <source>Load this file again?</source>
      <translation>Carregar este arquivo de novo?</translation>
    </message>
    <message>
      <source>This very file was already loaded into %1 on %2 by %3 (run %4). Loading it again may duplicate its rows.</source>
      <translation>Este mesmo arquivo já foi carregado em %1 em %2 por %3 (execução %4). Carregá-lo de novo pode duplicar as linhas.</translation>
    </message>
    <message>
      <source>Continue?</source>
      <translation>Continuar?</translation>
    </message>
    <message>
      <source>Show this run in History</source>
      <translation>Ver esta execução no Histórico</translation>
    </message>
    <message>
      <source>✔ %1 rows loaded into %2 in %3.</source>
      <translation>✔ %1 linhas carregadas em %2 em %3.</translation>
    </message>
    <message>
      <source>%1 bad rows were left out (kept in rejects.csv).</source>
      <translation>%1 linhas com erro ficaram de fora (guardadas em rejects.csv).</translation>
    </message>
    <message>
      <source>Cancelled: %1 was not changed.</source>
      <translation>Cancelado: %1 não foi alterada.</translation>
    </message>
    <message>
      <source>✖ The run failed and %1 was not changed: %2</source>
      <translation>✖ A execução falhou e %1 não foi alterada: %2</translation>
    </message>
    <message>
      <source>✖ Nothing was loaded: %1</source>
      <translation>✖ Nada foi carregado: %1</translation>
    </message>
  </context>
  <context>
    <name>app</name>
    <message>
      <source>Starting DINO…</source>
      <translation>Iniciando o DINO…</translation>
    </message>
    <message>
      <source>DINO could not start:
%1</source>
      <translation>O DINO não pôde iniciar:
%1</translation>
    </message>
  </context>
  <context>
    <name>formatting</name>
    <message>
      <source>%1/s</source>
      <translation>%1/s</translation>
    </message>
  </context>
</TS>
